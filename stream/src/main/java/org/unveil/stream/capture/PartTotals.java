package org.unveil.stream.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.unveil.capture.CaptureProblem;

/**
 * What a capture job's reading met over all its parts, from Flink's accumulators: packets read, damaged records
 * skipped, partial HTTP heads dropped to stay within the memory budget, parts that held nothing readable, and where
 * the damage was (the first {@link #SPOTS_PER_TASK} spots each task met, by file and byte offset).
 */
public record PartTotals(long packets, long problems, long headsDropped, long unreadableParts,
                         List<CaptureProblem> spots) {
    static final String PACKETS = "unveil.packets";
    static final String PROBLEMS = "unveil.problems";
    static final String HEADS_DROPPED = "unveil.headsDropped";
    static final String UNREADABLE = "unveil.unreadableParts";
    static final String SPOTS = "unveil.problemSpots";
    /** As many as the one-machine command prints in all: a badly damaged file must not fill the accumulators. */
    public static final int SPOTS_PER_TASK = 50;

    public PartTotals {
        spots = List.copyOf(spots);
    }

    /** A spot as an accumulator carries it: a string, since accumulators hold serializable values. */
    static String encode(CaptureProblem p) {
        return p.offset() + "\t" + (p.fatal() ? 1 : 0) + "\t" + p.source() + "\t" + p.message();
    }

    /** The spots the tasks found, by file name and then offset: the order one reader of each file meets them. */
    static List<CaptureProblem> decode(List<String> encoded) {
        List<CaptureProblem> out = new ArrayList<>();
        for (String e : encoded) {
            String[] f = e.split("\t", 4);
            out.add(new CaptureProblem(f[2], Long.parseLong(f[0]), f[3], f[1].equals("1")));
        }
        out.sort(Comparator.comparing(CaptureProblem::source).thenComparingLong(CaptureProblem::offset));
        return out;
    }
}
