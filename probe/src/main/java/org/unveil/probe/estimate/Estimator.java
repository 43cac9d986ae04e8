package org.unveil.probe.estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

/**
 * Gathers the evidence of a run's responses and says how many back-ends it shows. The back-end of a response is
 * the value of the strongest usable evidence key: the highest kind (id header, body id, decoded affinity cookie,
 * cookie judged by behaviour, ETag), and within a kind the key that tells most servers apart. Keys whose values
 * never repeat are sessions or request ids and are ignored. Memory: the evidence of each response, so bounded by
 * the request budget.
 */
public final class Estimator {
    private static final int MAX_ITEMS = 12;

    private final double confidence;
    private final Map<String, KeyStats> keys = new LinkedHashMap<>();
    private final List<List<Evidence>> responses = new ArrayList<>();

    /** An estimator whose intervals are at {@code confidence} (e.g. 0.95). */
    public Estimator(double confidence) {
        this.confidence = confidence;
    }

    /** Adds one response's evidence; responses must come in the order their requests were sent. */
    public void add(List<Evidence> evidence) {
        List<Evidence> kept = List.copyOf(evidence);
        responses.add(kept);
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (Evidence e : kept) {
            // one value per key and response: a header sent twice counts once
            if (seen.putIfAbsent(e.key(), Boolean.TRUE) == null) {
                keys.computeIfAbsent(e.key(), k -> new KeyStats(k, e.kind())).add(e.value());
            }
        }
    }

    /** Responses added so far. */
    public int responses() {
        return responses.size();
    }

    /** Per back-end response counts under the current naming key (empty when no key can name back-ends). */
    public int[] counts() {
        KeyStats k = naming();
        return k == null ? new int[0] : k.counts.values().stream().mapToInt(Integer::intValue).toArray();
    }

    private KeyStats naming() {
        KeyStats best = null;
        for (KeyStats k : keys.values()) {
            if (k.unusable(responses.size()) != null) {
                continue;
            }
            if (best == null || k.kind.ordinal() < best.kind.ordinal()
                    || k.kind == best.kind && k.counts.size() > best.counts.size()) {
                best = k;
            }
        }
        return best;
    }

    /** The estimate from everything added. */
    public Estimate estimate() {
        KeyStats naming = naming();
        List<String> ignored = new ArrayList<>();
        for (KeyStats k : keys.values()) {
            String why = k.unusable(responses.size());
            if (why != null && k.kind.identifies()) {
                ignored.add(k.key + ": " + why);
            }
        }
        if (naming == null) {
            return new Estimate(null, responses.size(), 0, Chao1.of(new int[0], confidence), List.of(),
                    PolicyGuess.of(List.of(), new int[0]), ignored);
        }
        Map<String, List<List<Evidence>>> byServer = new LinkedHashMap<>();
        naming.counts.keySet().forEach(v -> byServer.put(v, new ArrayList<>()));
        List<String> order = new ArrayList<>();
        for (List<Evidence> r : responses) {
            String id = valueOf(r, naming.key);
            if (id != null) {
                byServer.get(id).add(r);
                order.add(id);
            }
        }
        int[] counts = counts();
        List<Server> servers = new ArrayList<>();
        for (var e : byServer.entrySet()) {
            servers.add(new Server(e.getKey(), e.getValue().size(), Share.of(e.getValue().size(), order.size(),
                    confidence), items(e.getValue())));
        }
        return new Estimate(naming.key, responses.size(), order.size(), Chao1.of(counts, confidence),
                List.copyOf(servers), PolicyGuess.of(order, counts), ignored);
    }

    private static String valueOf(List<Evidence> response, String key) {
        for (Evidence e : response) {
            if (e.key().equals(key)) {
                return e.value();
            }
        }
        return null;
    }

    /** A back-end's evidence: each usable key's values with counts, and its clock range narrowed over all. */
    private List<Item> items(List<List<Evidence>> of) {
        Map<String, Item> items = new LinkedHashMap<>();
        ClockRange clock = new ClockRange();
        for (List<Evidence> r : of) {
            for (Evidence e : r) {
                if (e.kind() == Kind.CLOCK) {
                    clock.add(e.low(), e.high());
                    continue;
                }
                if (keys.get(e.key()).perRequest()) {
                    continue; // one line per response would say nothing
                }
                items.merge(e.key() + "\0" + e.value(), new Item(e.kind().label(), e.key(), e.value(), e.reason(), 1),
                        (a, b) -> new Item(a.kind(), a.key(), a.value(), a.reason(), a.responses() + 1));
            }
        }
        List<Item> out = new ArrayList<>(items.values().stream().limit(MAX_ITEMS).toList());
        if (clock.samples() > 0) {
            out.add(clock.item());
        }
        return List.copyOf(out);
    }
}
