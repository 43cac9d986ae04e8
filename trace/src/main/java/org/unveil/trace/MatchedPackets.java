package org.unveil.trace;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unveil.capture.Packet;
import org.unveil.capture.pipeline.PacketSink;

/**
 * The packets of a trace's matching connections, in input order (what {@code trace --write} writes), within a
 * memory budget: the connections are taken in groups that fit it, one more reading of the captures per group.
 * With more than one group, each reading's packets go to a temporary file with their place in the input, and the
 * files are merged by that place, so the output is the same however many groups it took.
 */
public final class MatchedPackets {
    /** However small the budget, a group holds this many connections. */
    static final int MIN_GROUP = 1024;

    /** Reads every packet of the captures once more, in input order. */
    @FunctionalInterface
    public interface Input {
        void read(PacketSink sink) throws IOException;
    }

    /** Takes the matching packets, in input order. */
    @FunctionalInterface
    public interface Output {
        void write(Packet packet) throws IOException;
    }

    private MatchedPackets() {
    }

    /** Connections one group holds: a quarter of the budget's worth. */
    public static int group(long budgetBytes) {
        return (int) Math.max(MIN_GROUP, Math.min(1 << 28, budgetBytes / 4 / MatchedFlows.BYTES_PER_KEY));
    }

    /** Writes the packets of {@code result}'s connections to {@code output}; the readings of the input it took. */
    public static int write(ParallelTracer.Result result, long budgetBytes, Input input, Output output)
            throws IOException {
        long total = result.count();
        if (total == 0) {
            return 0;
        }
        int group = group(budgetBytes);
        int groups = (int) ((total + group - 1) / group);
        if (groups == 1) {
            MatchedFlows matched = connections(result, 0, group);
            input.read((packet, layers) -> {
                if (matched.test(layers)) {
                    output.write(packet);
                }
            });
            return 1;
        }
        List<Path> runs = new ArrayList<>();
        try {
            for (int g = 0; g < groups; g++) {
                MatchedFlows matched = connections(result, (long) g * group, group);
                runs.add(run(matched, input));
            }
            merge(runs, output);
        } finally {
            for (Path run : runs) {
                Files.deleteIfExists(run);
            }
        }
        return groups;
    }

    /** The {@code count} connections from the {@code from}-th in the result's order. */
    private static MatchedFlows connections(ParallelTracer.Result result, long from, int count) throws IOException {
        MatchedFlows matched = new MatchedFlows();
        long[] at = {0};
        result.forEach((key, c) -> {
            if (at[0] >= from && at[0] < from + count) {
                matched.add(key);
            }
            at[0]++;
        });
        return matched;
    }

    /** One reading's matching packets on disk, each after its place in the input. */
    private static Path run(MatchedFlows matched, Input input) throws IOException {
        Path run = Files.createTempFile("unveil-trace-", ".packets");
        run.toFile().deleteOnExit();
        byte[][] bytes = {new byte[1 << 16]};
        long[] place = {0};
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            input.read((packet, layers) -> {
                place[0]++;
                if (!matched.test(layers)) {
                    return;
                }
                int length = packet.capturedLength();
                if (bytes[0].length < length) {
                    bytes[0] = new byte[Math.max(length, bytes[0].length * 2)];
                }
                MemorySegment.copy(packet.buffer(), ValueLayout.JAVA_BYTE, packet.offset(), bytes[0], 0, length);
                out.writeLong(place[0]);
                out.writeLong(packet.timestampNanos());
                out.writeInt(packet.linkType());
                out.writeInt(packet.interfaceId());
                out.writeInt(packet.originalLength());
                out.writeInt(length);
                out.write(bytes[0], 0, length);
            });
        }
        return run;
    }

    /** Writes the runs' packets in order of their places in the input (each run is in that order already). */
    private static void merge(List<Path> runs, Output output) throws IOException {
        List<RunReader> readers = new ArrayList<>();
        try {
            for (Path run : runs) {
                RunReader r = new RunReader(run);
                if (r.advance()) {
                    readers.add(r);
                } else {
                    r.close();
                }
            }
            while (!readers.isEmpty()) {
                int first = 0; // few runs (the budget is a quarter's worth of connections each): a scan is enough
                for (int i = 1; i < readers.size(); i++) {
                    if (readers.get(i).place < readers.get(first).place) {
                        first = i;
                    }
                }
                RunReader r = readers.get(first);
                output.write(r.packet);
                if (!r.advance()) {
                    r.close();
                    readers.remove(first);
                }
            }
        } finally {
            for (RunReader r : readers) {
                r.close();
            }
        }
    }

    /** One run's packets, read one at a time into one reused buffer. */
    private static final class RunReader implements AutoCloseable {
        private final DataInputStream in;
        private final Packet packet = new Packet();
        private byte[] bytes = new byte[1 << 16];
        private MemorySegment segment = MemorySegment.ofArray(bytes);
        long place;

        RunReader(Path run) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
        }

        /** Reads the next packet; false at the end of the run. */
        boolean advance() throws IOException {
            try {
                place = in.readLong();
            } catch (EOFException end) {
                return false;
            }
            long nanos = in.readLong();
            int linkType = in.readInt();
            int interfaceId = in.readInt();
            int original = in.readInt();
            int length = in.readInt();
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
                segment = MemorySegment.ofArray(bytes);
            }
            in.readFully(bytes, 0, length);
            packet.set(place, nanos, linkType, interfaceId, 0, segment, 0, length, original);
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
