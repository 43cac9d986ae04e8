package org.unveil.hosts.link;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unveil.hosts.evidence.EvidenceKind;

/**
 * Edges in columns, in the order they were added: a clustering of one address of 28,000 flows holds some 600,000
 * of them, 17 bytes each here against 36 as {@link Edge} objects in a list.
 */
public final class EdgeList {
    private static final EvidenceKind[] KINDS = EvidenceKind.values();
    private int[] a;
    private int[] b;
    private double[] bits;
    private byte[] kinds;
    private int size;

    public EdgeList() {
        this(16);
    }

    /** An empty list with room for {@code capacity} edges before it grows. */
    public EdgeList(int capacity) {
        a = new int[Math.max(1, capacity)];
        b = new int[a.length];
        bits = new double[a.length];
        kinds = new byte[a.length];
    }

    /** The edges of {@code edges}, in their order. */
    public static EdgeList of(List<Edge> edges) {
        EdgeList list = new EdgeList();
        for (Edge e : edges) {
            list.add(e.a(), e.b(), e.bits(), e.evidence());
        }
        return list;
    }

    public void add(int from, int to, double evidenceBits, EvidenceKind kind) {
        if (size == a.length) {
            int capacity = size + Math.max(16, size >> 1);
            a = Arrays.copyOf(a, capacity);
            b = Arrays.copyOf(b, capacity);
            bits = Arrays.copyOf(bits, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
        }
        a[size] = from;
        b[size] = to;
        bits[size] = evidenceBits;
        kinds[size] = (byte) kind.ordinal();
        size++;
    }

    /** Raises the i-th edge's evidence to {@code evidenceBits}, where another edge of its pair and kind is stronger. */
    public void strengthen(int i, double evidenceBits) {
        bits[i] = Math.max(bits[i], evidenceBits);
    }

    public void addAll(EdgeList other) {
        for (int i = 0; i < other.size; i++) {
            add(other.a[i], other.b[i], other.bits[i], other.kind(i));
        }
    }

    /** The edges of at least {@code min} bits, in order. */
    public EdgeList atLeast(double min) {
        EdgeList kept = new EdgeList();
        for (int i = 0; i < size; i++) {
            if (bits[i] >= min) {
                kept.add(a[i], b[i], bits[i], kind(i));
            }
        }
        return kept;
    }

    /** The edges of kind {@code kind}, in order. */
    public EdgeList ofKind(EvidenceKind kind) {
        EdgeList kept = new EdgeList();
        for (int i = 0; i < size; i++) {
            if (kinds[i] == kind.ordinal()) {
                kept.add(a[i], b[i], bits[i], kind);
            }
        }
        return kept;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int a(int i) {
        return a[i];
    }

    public int b(int i) {
        return b[i];
    }

    public double bits(int i) {
        return bits[i];
    }

    public EvidenceKind kind(int i) {
        return KINDS[kinds[i]];
    }

    /** The i-th edge as a value. */
    public Edge get(int i) {
        return new Edge(a[i], b[i], bits[i], kind(i));
    }

    /** The edges as values, for a caller that holds few of them. */
    public List<Edge> toList() {
        List<Edge> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(get(i));
        }
        return list;
    }
}
