package org.unveil.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * What a publisher says of its scan before its results (schema v1): probe, port, where the results came from and the
 * ranges covered ({@code targets}: unsigned first, last, first, last, …, flat so that Flink serialises it without
 * Kryo). Several shards of one scan each send theirs; the store keeps the union of their ranges.
 * {@code port} and {@code startedMicros} are -1 when not known.
 */
public record ScanHeader(String scan, int shard, String probe, int port, String source, String format,
        long startedMicros, long[] targets) {
    /** The header of {@code ranges} ([first, last] pairs). */
    public static ScanHeader of(String scan, int shard, String probe, int port, String source, String format,
            long startedMicros, List<long[]> ranges) {
        long[] flat = new long[ranges.size() * 2];
        for (int i = 0; i < ranges.size(); i++) {
            flat[2 * i] = ranges.get(i)[0];
            flat[2 * i + 1] = ranges.get(i)[1];
        }
        return new ScanHeader(scan, shard, probe, port, source, format, startedMicros, flat);
    }

    /** The targets as [first, last] pairs. */
    public List<long[]> ranges() {
        List<long[]> out = new ArrayList<>(targets.length / 2);
        for (int i = 0; i + 1 < targets.length; i += 2) {
            out.add(new long[] {targets[i], targets[i + 1]});
        }
        return out;
    }
}
