package org.unveil.trace;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * An external sort: values are held up to a fixed count, then sorted and written to a temporary file as a run;
 * {@link #sorted} merges the runs and what is held. Memory follows the count, not how many values are added.
 * Values that compare equal come out in the order they were added (runs are stable and merged oldest first).
 */
final class SortedSpill<T> implements AutoCloseable {
    /** Writes and reads one value of a run. */
    interface Codec<T> {
        void write(T value, DataOutput out) throws IOException;

        T read(DataInput in) throws IOException;
    }

    private final Comparator<T> order;
    private final Codec<T> codec;
    private final int held;
    private final List<T> memory = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long size;

    /** @param held values kept in memory at most; beyond, a run goes to disk */
    SortedSpill(Comparator<T> order, Codec<T> codec, int held) {
        this.order = order;
        this.codec = codec;
        this.held = Math.max(1, held);
    }

    void add(T value) throws IOException {
        memory.add(value);
        size++;
        if (memory.size() >= held) {
            spill();
        }
    }

    /** Values added so far. */
    long size() {
        return size;
    }

    /** Runs written to disk so far. */
    int runs() {
        return runs.size();
    }

    private void spill() throws IOException {
        memory.sort(order);
        Path run = Files.createTempFile("unveil-trace-", ".run");
        run.toFile().deleteOnExit();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            for (T value : memory) {
                codec.write(value, out);
            }
        }
        runs.add(run);
        memory.clear();
    }

    /** Every value added, in order; reading a run that cannot be read is an {@link UncheckedIOException}. */
    Iterator<T> sorted() throws IOException {
        memory.sort(order);
        List<Iterator<T>> sources = new ArrayList<>();
        for (Path run : runs) {
            sources.add(new RunReader<>(run, codec));
        }
        sources.add(memory.iterator());
        return merge(sources, order);
    }

    /** Merges sorted sources into one sorted sequence; values that compare equal come from the earlier source first. */
    static <T> Iterator<T> merge(List<Iterator<T>> sources, Comparator<T> order) {
        return sources.size() == 1 ? sources.getFirst() : new Merge<>(sources, order);
    }

    @Override
    public void close() throws IOException {
        for (Path run : runs) {
            Files.deleteIfExists(run);
        }
        runs.clear();
        memory.clear();
    }

    /** The values of one run, read as they are asked for. */
    private static final class RunReader<T> implements Iterator<T> {
        private final DataInputStream in;
        private final Codec<T> codec;
        private T next;

        RunReader(Path run, Codec<T> codec) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
            this.codec = codec;
            advance();
        }

        private void advance() {
            try {
                next = codec.read(in);
            } catch (EOFException end) {
                next = null;
                close();
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
        }

        private void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // the run was read to its end or failed already; nothing more can be lost
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public T next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            T value = next;
            advance();
            return value;
        }
    }

    /** A k-way merge of sorted sources; ties go to the source given first. */
    private static final class Merge<T> implements Iterator<T> {
        private record Head<T>(T value, int source, Iterator<T> rest) {
        }

        private final PriorityQueue<Head<T>> heads;

        Merge(List<Iterator<T>> sources, Comparator<T> order) {
            Comparator<Head<T>> byValue = (a, b) -> order.compare(a.value(), b.value());
            heads = new PriorityQueue<>(Math.max(1, sources.size()), byValue.thenComparingInt(Head::source));
            for (int i = 0; i < sources.size(); i++) {
                if (sources.get(i).hasNext()) {
                    heads.add(new Head<>(sources.get(i).next(), i, sources.get(i)));
                }
            }
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public T next() {
            Head<T> head = heads.poll();
            if (head == null) {
                throw new NoSuchElementException();
            }
            if (head.rest().hasNext()) {
                heads.add(new Head<>(head.rest().next(), head.source(), head.rest()));
            }
            return head.value();
        }
    }
}
