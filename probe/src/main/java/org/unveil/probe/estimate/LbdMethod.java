package org.unveil.probe.estimate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.unveil.probe.evidence.Reply;

/**
 * lbd's verdict, from its description: load-balanced when the Date header goes backwards between consecutive
 * replies (clocks of several machines) or the headers, Date-like ones left out, differ (lbd's HTTP diff); never a
 * count. Per-request headers it does not know make it say yes wrongly.
 */
public final class LbdMethod {
    /** lbd sends this many requests. */
    public static final int REQUESTS = 50;
    private static final Set<String> SKIPS = Set.of("date", "expires", "set-cookie", "age");

    private LbdMethod() {
    }

    /** Yes or no, and why. */
    public record Verdict(boolean balanced, String why) {
    }

    /** The verdict over {@code replies} in the order they were sent. */
    public static Verdict of(List<Reply> replies) {
        long last = Long.MIN_VALUE;
        Set<String> seen = new HashSet<>();
        for (Reply r : replies) {
            long date = HalberdMethod.dateSecond(r);
            if (date < last) {
                return new Verdict(true, "the Date header went back from " + last + " to " + date);
            }
            last = date;
            seen.add(HalberdMethod.headerHash(r, SKIPS));
        }
        return seen.size() > 1 ? new Verdict(true, seen.size() + " different header sets (Date-like ones left out)")
                : new Verdict(false, "the Date never went back and the headers never differed in "
                        + replies.size() + " replies");
    }
}
