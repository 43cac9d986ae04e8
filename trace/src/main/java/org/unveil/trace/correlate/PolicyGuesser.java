package org.unveil.trace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Guesses the balancing policy from the request pairs, testing the most specific explanation first: a cookie
 * whose value names the back-end and brings requests back to it (sticky); each client address always on one
 * back-end (source hash); back-ends taken in a fixed cycle (round-robin); the chosen back-end the one with the
 * fewest requests in flight whenever they differed (least connection).
 */
final class PolicyGuesser {
    private static final int MIN_CLIENTS = 2;
    private static final int MIN_DECISIONS = 5;
    /** Choices made under unequal load are rare at low load, and under round-robin a third or more miss the least busy. */
    private static final int MIN_LOADED_DECISIONS = 3;

    private PolicyGuesser() {
    }

    static PolicyGuess guess(List<RequestPair> pairs, List<HttpExchange> backs) {
        Set<String> servers = new HashSet<>();
        backs.forEach(b -> servers.add(b.connection().server()));
        if (servers.size() < 2) {
            return new PolicyGuess("unknown", servers.size() + " back-end server(s) seen: nothing to choose between");
        }
        List<RequestPair> byBackTime = new ArrayList<>(pairs);
        byBackTime.sort(Comparator.comparingLong(p -> p.back().requestNanos()));
        PolicyGuess sticky = sticky(byBackTime);
        if (sticky != null) {
            return sticky;
        }
        PolicyGuess source = source(byBackTime, servers.size());
        if (source != null) {
            return source;
        }
        return cycleOrLeast(backs);
    }

    private static String backend(RequestPair p) {
        return p.back().connection().server();
    }

    /** A cookie set in responses with one value per back-end, and requests carrying a value go to its back-end. */
    private static PolicyGuess sticky(List<RequestPair> pairs) {
        Map<String, Map<String, String>> valueBackend = new HashMap<>(); // cookie name → value → back-end
        Set<String> ambiguous = new HashSet<>();
        for (RequestPair p : pairs) {
            String set = p.front().responseHeader("set-cookie");
            if (set == null || set.indexOf('=') <= 0) {
                continue;
            }
            String pair = set.split(";", 2)[0].trim();
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            String before = valueBackend.computeIfAbsent(name, k -> new HashMap<>()).putIfAbsent(value, backend(p));
            if (before != null && !before.equals(backend(p))) {
                ambiguous.add(name);
            }
        }
        for (Map.Entry<String, Map<String, String>> cookie : valueBackend.entrySet()) {
            if (ambiguous.contains(cookie.getKey()) || cookie.getValue().size() < 2) {
                continue;
            }
            int carried = 0;
            int returned = 0;
            for (RequestPair p : pairs) {
                String value = cookieValue(p.front().headers().get("cookie"), cookie.getKey());
                String target = value == null ? null : cookie.getValue().get(value);
                if (target != null) {
                    carried++;
                    returned += target.equals(backend(p)) ? 1 : 0;
                }
            }
            if (carried >= MIN_DECISIONS && returned >= 0.95 * carried) {
                return new PolicyGuess("sticky", "cookie " + cookie.getKey() + " takes one value per back-end ("
                        + cookie.getValue().size() + " values); " + returned + " of " + carried
                        + " requests carrying it went to the back-end that set it");
            }
        }
        return null;
    }

    private static String cookieValue(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    private static PolicyGuess source(List<RequestPair> pairs, int servers) {
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        Map<String, Integer> requests = new HashMap<>();
        for (RequestPair p : pairs) {
            String client = p.front().connection().client();
            seen.computeIfAbsent(client, k -> new HashSet<>()).add(backend(p));
            requests.merge(client, 1, Integer::sum);
        }
        int judged = 0;
        int loyal = 0;
        for (Map.Entry<String, Set<String>> e : seen.entrySet()) {
            if (requests.get(e.getKey()) >= 2) {
                judged++;
                loyal += e.getValue().size() == 1 ? 1 : 0;
            }
        }
        if (judged >= MIN_CLIENTS && loyal == judged) {
            return new PolicyGuess("source-hash", "each of " + judged + " client addresses stayed on one back-end"
                    + " (of " + servers + "), without a cookie naming it");
        }
        return null;
    }

    /**
     * Round-robin takes back-ends in a fixed cycle whatever their load; least connection takes the least busy
     * one, which at low load is also a rotation, so only decisions made while loads differed tell them apart.
     */
    private static PolicyGuess cycleOrLeast(List<HttpExchange> backs) {
        List<HttpExchange> sorted = new ArrayList<>(backs);
        sorted.sort(Comparator.comparingLong(HttpExchange::requestNanos));
        Map<String, Map<String, Integer>> successors = new HashMap<>();
        for (int i = 1; i < sorted.size(); i++) {
            successors.computeIfAbsent(sorted.get(i - 1).connection().server(), k -> new HashMap<>())
                    .merge(sorted.get(i).connection().server(), 1, Integer::sum);
        }
        int following = 0;
        for (Map<String, Integer> next : successors.values()) {
            following += next.values().stream().max(Integer::compare).orElse(0);
        }
        double cycle = sorted.size() < 2 ? 0 : following / (double) (sorted.size() - 1);
        int decisions = 0;
        int least = 0;
        Set<String> servers = successors.keySet();
        for (HttpExchange b : sorted) {
            Map<String, Integer> inFlight = new HashMap<>();
            servers.forEach(s -> inFlight.put(s, 0));
            for (HttpExchange other : sorted) {
                if (other.requestNanos() < b.requestNanos() && finished(other) > b.requestNanos()) {
                    inFlight.merge(other.connection().server(), 1, Integer::sum);
                }
            }
            int min = inFlight.values().stream().min(Integer::compare).orElse(0);
            int max = inFlight.values().stream().max(Integer::compare).orElse(0);
            if (min != max) {
                decisions++;
                least += inFlight.getOrDefault(b.connection().server(), 0) == min ? 1 : 0;
            }
        }
        String cycleText = String.format("%.0f %% of consecutive back-end requests followed the usual successor",
                100 * cycle);
        String leastText = decisions == 0 ? "loads never differed when a back-end was chosen"
                : least + " of " + decisions + " choices made while loads differed went to the least busy back-end";
        if (cycle >= 0.9) {
            return new PolicyGuess("round-robin", cycleText + "; " + leastText);
        }
        if (decisions >= MIN_LOADED_DECISIONS && least >= 0.9 * decisions) {
            return new PolicyGuess("least-connection", leastText + "; " + cycleText);
        }
        if (cycle >= 0.7) {
            return new PolicyGuess("round-robin", cycleText + " (weak); " + leastText);
        }
        return new PolicyGuess("unknown", cycleText + "; " + leastText);
    }

    private static long finished(HttpExchange e) {
        return e.answered() ? Math.max(e.responseEndNanos(), e.responseNanos()) : Long.MAX_VALUE;
    }
}
