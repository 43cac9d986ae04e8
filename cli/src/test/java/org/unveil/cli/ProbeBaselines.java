package org.unveil.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The baselines the probe's accuracy table compares with, computed on the test side from the tools' published
 * descriptions, with requests of their own (a new connection each, as those tools do):
 * halberd clusters replies by a hash of their headers (values too, per-request ones left out) and merges clusters of
 * one hash whose Date offsets lie within 3 s; lbd sends 50 requests and says yes (load-balanced) when the Date
 * goes backwards or the headers (without Date-like ones) differ, never a count.
 */
final class ProbeBaselines {
    private static final Set<String> HALBERD_SKIPS = Set.of("date", "expires", "set-cookie", "age", "content-length",
            "last-modified");
    private static final Set<String> LBD_SKIPS = Set.of("date", "expires", "set-cookie", "age");

    private ProbeBaselines() {
    }

    /** One reply as the baselines see it: the local receive time, the Date second and the headers. */
    private record Seen(double local, long date, Map<String, List<String>> headers) {
    }

    private static List<Seen> fetch(String url, int requests) throws IOException, InterruptedException {
        List<Seen> out = new ArrayList<>();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
        for (int i = 0; i < requests; i++) {
            try (HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                HttpResponse<byte[]> r = c.send(req, HttpResponse.BodyHandlers.ofByteArray());
                Instant now = Instant.now();
                long date = r.headers().firstValue("date").map(d -> ZonedDateTime.parse(d,
                        DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond()).orElse(0L);
                out.add(new Seen(now.getEpochSecond() + now.getNano() / 1e9, date, r.headers().map()));
            }
        }
        return out;
    }

    private static String hash(Map<String, List<String>> headers, Set<String> skip) {
        TreeMap<String, List<String>> kept = new TreeMap<>();
        headers.forEach((k, v) -> {
            if (!skip.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                kept.put(k.toLowerCase(java.util.Locale.ROOT), v);
            }
        });
        return kept.toString();
    }

    /** Halberd's count over {@code requests} replies. */
    static int halberd(String url, int requests) throws IOException, InterruptedException {
        // per hash, the offsets of its clusters: a reply joins a cluster of its hash within 3 s, else opens one
        Map<String, List<Double>> clusters = new TreeMap<>();
        for (Seen s : fetch(url, requests)) {
            double offset = s.date() - s.local();
            List<Double> of = clusters.computeIfAbsent(hash(s.headers(), HALBERD_SKIPS), k -> new ArrayList<>());
            if (of.stream().noneMatch(o -> Math.abs(o - offset) <= 3)) {
                of.add(offset);
            }
        }
        return clusters.values().stream().mapToInt(List::size).sum();
    }

    /** lbd's verdict: load-balanced or not, from 50 replies. */
    static boolean lbd(String url) throws IOException, InterruptedException {
        List<Seen> seen = fetch(url, 50);
        long last = Long.MIN_VALUE;
        Set<String> differs = new java.util.HashSet<>();
        for (Seen s : seen) {
            if (s.date() < last) {
                return true;
            }
            last = s.date();
            differs.add(hash(s.headers(), LBD_SKIPS));
        }
        return differs.size() > 1;
    }
}
