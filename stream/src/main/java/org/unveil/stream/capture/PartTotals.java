package org.unveil.stream.capture;

/**
 * What a capture job's reading met over all its parts, from Flink's accumulators: packets read, damaged records
 * skipped, partial HTTP heads dropped to stay within the memory budget, and parts that held nothing readable.
 */
public record PartTotals(long packets, long problems, long headsDropped, long unreadableParts) {
    static final String PACKETS = "unveil.packets";
    static final String PROBLEMS = "unveil.problems";
    static final String HEADS_DROPPED = "unveil.headsDropped";
    static final String UNREADABLE = "unveil.unreadableParts";
}
