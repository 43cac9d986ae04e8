package org.unveil.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unveil.probe.estimate.Chao1;

/**
 * The targets of one run set against each other, pair by pair (the regions: other addresses of a name,
 * other URLs, other vantage points by --source): which has more back-ends and whether the difference stands given
 * the count intervals. A difference is significant when the two intervals at --confidence do not overlap, a
 * conservative test (intervals that overlap a little can still differ at that level), so "not significant" means
 * "not shown", not "equal".
 */
public final class Comparison {
    private Comparison() {
    }

    /**
     * One pair.
     *
     * @param first       index of the first target in the run's list
     * @param second      index of the second, after the first
     * @param more        index of the one with more back-ends, or null when the counts are equal
     * @param difference  how many more (0 when equal)
     * @param significant whether the count intervals do not overlap
     * @param why         the counts, their intervals and the verdict in plain words
     */
    public record Pair(int first, int second, Integer more, int difference, boolean significant, String why) {
    }

    /** Every pair of targets whose back-ends were counted (a target no evidence told apart is left out). */
    public static List<Pair> of(List<TargetResult> results, double confidence) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            for (int j = i + 1; j < results.size(); j++) {
                Chao1 a = counted(results.get(i));
                Chao1 b = counted(results.get(j));
                if (a != null && b != null) {
                    out.add(pair(i, results.get(i), a, j, results.get(j), b, confidence));
                }
            }
        }
        return List.copyOf(out);
    }

    private static Chao1 counted(TargetResult r) {
        return r.estimate().key() == null ? null : r.estimate().count();
    }

    private static Pair pair(int i, TargetResult ri, Chao1 a, int j, TargetResult rj, Chao1 b, double confidence) {
        boolean apart = a.highCount() < b.lowCount() || b.highCount() < a.lowCount();
        String level = String.format(Locale.ROOT, "%.0f%%", 100 * confidence);
        if (a.count() == b.count()) {
            return new Pair(i, j, null, 0, false, String.format(Locale.ROOT,
                    "%s and %s: %d back-ends each (%s intervals %d-%d and %d-%d)", name(ri), name(rj), a.count(), level,
                    a.lowCount(), a.highCount(), b.lowCount(), b.highCount()));
        }
        boolean firstMore = a.count() > b.count();
        TargetResult big = firstMore ? ri : rj;
        TargetResult small = firstMore ? rj : ri;
        Chao1 hi = firstMore ? a : b;
        Chao1 lo = firstMore ? b : a;
        String why = String.format(Locale.ROOT, "%s has more back-ends than %s: %d (%s interval %d-%d) against %d"
                        + " (%d-%d); %s", name(big), name(small), hi.count(), level, hi.lowCount(), hi.highCount(),
                lo.count(), lo.lowCount(), lo.highCount(),
                apart ? "significant, the intervals do not overlap" : "not significant, the intervals overlap");
        return new Pair(i, j, firstMore ? i : j, Math.abs(a.count() - b.count()), apart, why);
    }

    private static String name(TargetResult r) {
        Target t = r.target();
        return t.url() + " at " + t.address().getHostAddress()
                + (t.source() == null ? "" : " from " + t.source().getHostAddress());
    }
}
