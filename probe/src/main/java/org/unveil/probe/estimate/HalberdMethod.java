package org.unveil.probe.estimate;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.unveil.probe.evidence.Header;
import org.unveil.probe.evidence.Reply;

/**
 * halberd's count, from its description: replies clustered by a hash of their headers with values (per-request
 * ones left out, the order not part of it) and, within one hash, by the Date header's clock offset, two offsets
 * within 3 s being one server. NTP-synchronised back-ends with identical headers are one server to it.
 */
public final class HalberdMethod {
    private static final Set<String> SKIPS = Set.of("date", "expires", "set-cookie", "age", "content-length",
            "last-modified");
    private static final double SAME_CLOCK_SECONDS = 3;

    private HalberdMethod() {
    }

    /** The number of servers halberd's method tells apart in {@code replies}. */
    public static int count(List<Reply> replies) {
        // per hash, the offsets of its clusters: a reply joins a cluster of its hash within 3 s, else opens one
        Map<String, List<Double>> clusters = new TreeMap<>();
        for (Reply r : replies) {
            double offset = dateSecond(r) - r.receivedNanos() / 1e9;
            List<Double> of = clusters.computeIfAbsent(headerHash(r, SKIPS), k -> new ArrayList<>());
            if (of.stream().noneMatch(o -> Math.abs(o - offset) <= SAME_CLOCK_SECONDS)) {
                of.add(offset);
            }
        }
        return clusters.values().stream().mapToInt(List::size).sum();
    }

    /** The headers, names in lower case, sorted, without {@code skip}: what a dictionary of them holds. */
    static String headerHash(Reply r, Set<String> skip) {
        TreeMap<String, List<String>> kept = new TreeMap<>();
        for (Header h : r.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (!skip.contains(name)) {
                kept.computeIfAbsent(name, k -> new ArrayList<>()).add(h.value());
            }
        }
        return r.status() + " " + kept;
    }

    /** The Date header's second, or 0 without a readable one (all such replies then share one clock). */
    static long dateSecond(Reply r) {
        String d = r.first("Date");
        if (d == null) {
            return 0;
        }
        try {
            return ZonedDateTime.parse(d.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
