package org.unveil.plot.hosts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The points of one chart, each with its label: made from one sample ({@link #of}) or gathered from the samples
 * of several passes over a capture, each over fewer addresses ({@link #add}, then {@link #finish}). Gathered
 * samples are thinned to one common stride S (powers of two) and to at most the cap, and put back in packet
 * order. A sample at stride s holds the packets {@link PointSample#kept} chooses at s; at S it keeps those the
 * same hash of the packet number chooses at S, a subset: a sample's first point is not favoured (a million small
 * samples, one an address, would otherwise all keep theirs).
 */
public final class PlotPoints {
    private final List<String> labelNames = new ArrayList<>();
    private final Map<String, Integer> labelIds = new HashMap<>();
    private final Map<String, Integer> flowsPerLabel = new HashMap<>();
    /** A label's rank: from one sample's labels, or over the flows of every sample gathered. */
    private java.util.function.ToIntFunction<String> rank;
    private boolean gathered;
    /** Per sample added: where its points start in the columns, how many, and their stride now. */
    private int[] start = new int[16];
    private int[] count = new int[16];
    private int[] strides = new int[16];
    private int samples;
    private int stride = 1;
    private long offered;
    private int size;
    private long[] number = new long[16];
    private long[] nanos = new long[16];
    private long[][] values = new long[YAxis.values().length][16];
    private int[] label = new int[16];

    /** The points of one sample, labelled by {@code labels}. */
    public static PlotPoints of(PointSample sample, FlowLabels labels, ColorBy by) {
        PlotPoints points = new PlotPoints();
        points.add(sample, labels, by);
        points.finish(Integer.MAX_VALUE);
        points.rank = l -> labels.rank(l, by);
        return points;
    }

    /**
     * Adds a sample (one pass's, or one address's of it), its points labelled now and copied; past {@code 2 ×
     * cap} points gathered, all are thinned to a doubled stride at once, so what is held follows the cap, not the
     * number of samples.
     */
    public void add(PointSample sample, FlowLabels labels, ColorBy by) {
        add(sample, labels, by, Integer.MAX_VALUE);
    }

    /** As {@link #add(PointSample, FlowLabels, ColorBy)}, holding about {@code cap} points at most. */
    public void add(PointSample sample, FlowLabels labels, ColorBy by, int cap) {
        if (samples == start.length) {
            start = Arrays.copyOf(start, samples * 2);
            count = Arrays.copyOf(count, samples * 2);
            strides = Arrays.copyOf(strides, samples * 2);
        }
        stride = Math.max(stride, sample.stride());
        start[samples] = size;
        strides[samples] = stride;
        Map<Integer, Integer> ofFlow = new HashMap<>();
        for (int i = 0; i < sample.size(); i++) {
            if (!PointSample.kept(sample.number(i), stride)) {
                continue;
            }
            if (size == number.length) {
                grow(size * 2);
            }
            number[size] = sample.number(i);
            nanos[size] = sample.nanos(i);
            for (YAxis y : YAxis.values()) {
                values[y.ordinal()][size] = sample.value(y, i);
            }
            label[size] = ofFlow.computeIfAbsent(sample.flow(i), f -> id(labels.label(f, by)));
            size++;
        }
        count[samples] = size - start[samples];
        samples++;
        offered += sample.offered();
        if ((long) size > 2L * cap) {
            fit(cap);
        }
    }

    /**
     * Doubles the stride until at most {@code cap} points are left (or a stride of 2^30, where the hash keeps
     * next to nothing).
     */
    private void fit(int cap) {
        if (size <= cap) {
            return;
        }
        while (size > cap && stride < PointSample.MAX_STRIDE) {
            thin(stride * 2);
        }
        forgetUnusedLabels();
    }

    /** Drops the labels no point held has any more, and their counts: labels stay as few as the points. */
    private void forgetUnusedLabels() {
        int[] renumbered = new int[labelNames.size()];
        Arrays.fill(renumbered, -1);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int old = label[i];
            if (renumbered[old] < 0) {
                renumbered[old] = names.size();
                names.add(labelNames.get(old));
            }
            label[i] = renumbered[old];
        }
        labelNames.clear();
        labelNames.addAll(names);
        labelIds.clear();
        for (int i = 0; i < names.size(); i++) {
            labelIds.put(names.get(i), i);
        }
        flowsPerLabel.keySet().retainAll(labelIds.keySet());
    }

    /**
     * Counts the flows of each label among {@code labels}' flows (once per pass, after its samples are added):
     * the colours' ranks. Only labels with points held are counted, so the counts follow the points, not the flows
     * (a label per flow when coloured by flow); a label whose points were all thinned away before a pass that gives
     * it new ones misses that earlier pass's flows, which only a colour's rank can show.
     */
    public void count(FlowLabels labels, ColorBy by) {
        labels.flowsPerLabel(by, labelIds::containsKey).forEach((l, n) -> flowsPerLabel.merge(l, n, Integer::sum));
        gathered = true;
    }

    private int id(String name) {
        return labelIds.computeIfAbsent(name, n -> {
            labelNames.add(n);
            return labelNames.size() - 1;
        });
    }

    /** Thins the samples added to one stride and at most {@code cap} points, in packet order. */
    public void finish(int cap) {
        thin(stride);
        fit(cap);
        if (samples > 1) {
            inPacketOrder();
        }
        forgetUnusedLabels(); // ranked among the labels drawn: a plot read in passes colours as one read at once
        if (gathered) {
            Map<String, Integer> ranks = FlowLabels.ranking(flowsPerLabel);
            rank = l -> ranks.getOrDefault(l, ranks.size());
        }
    }

    /** Keeps of each sample the points {@link PointSample#kept} at stride {@code to}: all then have that stride. */
    private void thin(int to) {
        int n = 0;
        for (int k = 0; k < samples; k++) {
            int from = start[k];
            start[k] = n;
            for (int i = 0; i < count[k]; i++) {
                if (to == strides[k] || PointSample.kept(number[from + i], to)) {
                    move(from + i, n++);
                }
            }
            count[k] = n - start[k];
            strides[k] = to;
        }
        size = n;
        stride = to;
    }

    private void move(int from, int to) {
        number[to] = number[from];
        nanos[to] = nanos[from];
        for (long[] column : values) {
            column[to] = column[from];
        }
        label[to] = label[from];
    }

    private void grow(int length) {
        number = Arrays.copyOf(number, length);
        nanos = Arrays.copyOf(nanos, length);
        for (int y = 0; y < values.length; y++) {
            values[y] = Arrays.copyOf(values[y], length);
        }
        label = Arrays.copyOf(label, length);
    }

    private void inPacketOrder() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, java.util.Comparator.comparingLong(i -> number[i]));
        long[] n2 = new long[size];
        long[] t2 = new long[size];
        long[][] v2 = new long[values.length][size];
        int[] l2 = new int[size];
        for (int i = 0; i < size; i++) {
            int from = order[i];
            n2[i] = number[from];
            t2[i] = nanos[from];
            for (int y = 0; y < values.length; y++) {
                v2[y][i] = values[y][from];
            }
            l2[i] = label[from];
        }
        number = n2;
        nanos = t2;
        values = v2;
        label = l2;
    }

    public int size() {
        return size;
    }

    /** The packet's number in the whole run, from 1. */
    public long number(int i) {
        return number[i];
    }

    public long nanos(int i) {
        return nanos[i];
    }

    /** The value the y axis plots, or {@link PointSample#NONE}. */
    public long value(YAxis axis, int i) {
        return values[axis.ordinal()][i];
    }

    /** The label of point {@code i}'s flow. */
    public String label(int i) {
        return labelNames.get(label[i]);
    }

    /** Where a label stands among all labels, by flows (most first, then natural order): its colour. */
    public int rank(String name) {
        return rank.applyAsInt(name);
    }

    /** One point kept per this many packets offered. */
    public int stride() {
        return stride;
    }

    /** Packets offered over all samples, kept or not. */
    public long offered() {
        return offered;
    }
}
