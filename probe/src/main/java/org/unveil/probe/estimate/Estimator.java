package org.unveil.probe.estimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

/**
 * Gathers the evidence of a run's responses and says how many back-ends it shows. Back-ends are the groups of
 * responses that agree on every usable evidence key at once (the coarsest grouping in which no two responses of one
 * group carry different values of any key), so weak evidences that each split the servers only in part (ETag
 * mtimes, header sets, Date clocks) together tell apart what none does alone. Keys that name servers by design (id
 * headers, body ids, decoded affinity cookies) are used alone when there are any, as weak keys beside them would
 * only add noise. Keys whose values never repeat are sessions or request ids and are ignored. Memory: the evidence
 * of each response, so bounded by the request budget.
 */
public final class Estimator {
    private static final int MAX_ITEMS = 12;
    /** The key under which clock groups join the grouping. */
    static final String CLOCK_KEY = "date clock";
    /** The key of the TCP timestamp clock's evidence, under which its offset groups join the grouping. */
    public static final String TCP_CLOCK_KEY = "tcp clock";

    private final double confidence;
    private final Map<String, KeyStats> keys = new LinkedHashMap<>();
    private final List<List<Evidence>> responses = new ArrayList<>();
    private Partition cached;

    /** An estimator whose intervals are at {@code confidence} (e.g. 0.95). */
    public Estimator(double confidence) {
        this.confidence = confidence;
    }

    /** Adds one response's evidence; responses must come in the order their requests were sent. */
    public void add(List<Evidence> evidence) {
        List<Evidence> kept = List.copyOf(evidence);
        responses.add(kept);
        cached = null;
        Map<String, Boolean> seen = new HashMap<>();
        for (Evidence e : kept) {
            // one value per key and response: a header sent twice counts once
            if (!grouped(e.kind()) && seen.putIfAbsent(e.key(), Boolean.TRUE) == null) {
                keys.computeIfAbsent(e.key(), k -> new KeyStats(k, e.kind())).add(e.value());
            }
        }
    }

    /** Kinds whose values are ranges or offsets, joined into groups here rather than compared as they are. */
    private static boolean grouped(Kind kind) {
        return kind == Kind.CLOCK || kind == Kind.TCP_CLOCK;
    }

    private static boolean tcp(Kind kind) {
        return kind == Kind.TCP || kind == Kind.TCP_CLOCK;
    }

    /** Responses added so far. */
    public int responses() {
        return responses.size();
    }

    /** Per back-end response counts under the current grouping (empty when no key can name back-ends). */
    public int[] counts() {
        return partition().counts().clone();
    }

    /**
     * Whether some weak key may yet name back-ends: on enough responses, repeating, but with too many values so far
     * (many back-ends seen few times each). Probing must go on then, not stop for want of evidence.
     */
    public boolean evidencePending() {
        for (KeyStats k : keys.values()) {
            if (k.kind.identifies() && !k.kind.trusted() && !k.perRequest() && k.counts.size() < k.present
                    && k.present * 5 >= responses.size() * 4 && k.unusable(responses.size()) != null) {
                return true;
            }
        }
        return false;
    }

    /** Per response, in send order, the id of the back-end it was put with, or null if none. */
    public List<String> serverOfEach() {
        Partition p = partition();
        List<String> out = new ArrayList<>(p.server().length);
        for (int s : p.server()) {
            out.add(s < 0 ? null : p.ids().get(s));
        }
        return out;
    }

    /**
     * Per response, in send order, the probability that it came from the back-end {@link #serverOfEach} names
     * ({@link Attribution}), or NaN where it was put with none.
     */
    public double[] confidenceOfEach() {
        Partition p = partition();
        return Attribution.of(responses, p.server(), p.ids().size(), keys);
    }

    /**
     * The back-end a response sent after the run came from, by every value it shares with the run's back-ends (not
     * only the naming key: a balancer that sees its own affinity cookie sends none back). The back-ends that showed
     * each of its values, intersected: the one left, or null when none or several are (an id no back-end showed
     * rules them all out; a weak value none showed is passed over). Session keys and clocks say nothing here.
     */
    public String match(List<Evidence> evidence) {
        Partition p = partition();
        if (p.ids().isEmpty()) {
            return null;
        }
        java.util.BitSet candidates = new java.util.BitSet();
        candidates.set(0, p.ids().size());
        boolean any = false;
        for (Evidence e : evidence) {
            KeyStats k = keys.get(e.key());
            if (grouped(e.kind()) || k == null || !k.kind.identifies() || k.perRequest()) {
                continue;
            }
            java.util.BitSet with = new java.util.BitSet();
            for (int i = 0; i < responses.size(); i++) {
                if (p.server()[i] >= 0 && e.value().equals(valueOf(responses.get(i), e.key()))) {
                    with.set(p.server()[i]);
                }
            }
            if (with.isEmpty() && !k.kind.trusted()) {
                continue; // a weak value the run never showed (our cookie changed a header): it says nothing here
            }
            candidates.and(with);
            any = true;
        }
        return any && candidates.cardinality() == 1 ? p.ids().get(candidates.nextSetBit(0)) : null;
    }

    private Partition partition() {
        if (cached == null) {
            cached = group();
        }
        return cached;
    }

    /** The usable keys, strongest first (by kind, then by most values), with the clock groups as a key of its own. */
    private List<KeyStats> usable() {
        List<KeyStats> trusted = new ArrayList<>();
        List<KeyStats> weak = new ArrayList<>();
        for (KeyStats k : keys.values()) {
            // every response has a header set (over TLS a handshake): one that never differs says nothing, not
            // "one back-end"
            boolean everywhere = k.kind == Kind.HEADER_SET || k.kind == Kind.TLS;
            if (k.unusable(responses.size()) == null && (!everywhere || k.counts.size() > 1)) {
                (k.kind.trusted() ? trusted : weak).add(k);
            }
        }
        List<KeyStats> use = trusted.isEmpty() ? weak : trusted;
        if (trusted.isEmpty()) {
            for (KeyStats clock : new KeyStats[] {clockStats(), tcpClockStats()}) {
                if (clock != null && clock.counts.size() > 1 && clock.unusable(responses.size()) == null) {
                    use.add(clock);
                }
            }
            // TCP evidence counts only where nothing in HTTP tells back-ends apart: stacks are those of whatever
            // answers TCP, and two proxies before three back-ends would otherwise make six
            if (use.stream().anyMatch(k -> !tcp(k.kind) && k.counts.size() > 1)) {
                use.removeIf(k -> tcp(k.kind));
            }
        }
        use.sort((a, b) -> a.kind != b.kind ? Integer.compare(a.kind.ordinal(), b.kind.ordinal())
                : Integer.compare(b.counts.size(), a.counts.size()));
        return use;
    }

    private String[] clockValues() {
        int n = responses.size();
        double[][] ranges = ClockGroups.ranges(responses);
        int[] g = ClockGroups.of(ranges[0], ranges[1]);
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = g[i] < 0 ? null : "offset group " + (g[i] + 1);
        }
        return v;
    }

    /**
     * Groups of connections whose TCP timestamp offsets chain within {@link #TCP_CLOCK_TOLERANCE} ticks: one group
     * per stack whose clock is per host. A kernel that draws each connection's offset anew (Linux since 4.10 hashes
     * the connection's addresses and ports) gives a group per connection, which the key's statistics then call per
     * request: the data, not an assumption, leaves the clock out.
     */
    private String[] tcpClockValues() {
        int n = responses.size();
        double[] offset = new double[n];
        java.util.Arrays.fill(offset, Double.NaN);
        for (int i = 0; i < n; i++) {
            for (Evidence e : responses.get(i)) {
                if (e.kind() == Kind.TCP_CLOCK) {
                    offset[i] = e.low();
                    break;
                }
            }
        }
        double[] high = new double[n];
        for (int i = 0; i < n; i++) {
            high[i] = offset[i] + TCP_CLOCK_TOLERANCE;
        }
        int[] g = ClockGroups.of(offset, high);
        String[] v = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = g[i] < 0 ? null : "clock " + (g[i] + 1);
        }
        return v;
    }

    /**
     * Ticks two connections of one 1 kHz clock may differ by after taking out the time between their SYN-ACKs: the
     * capture's timestamps are the kernel's, so jitter is well under this; a second of skew would take days.
     */
    static final double TCP_CLOCK_TOLERANCE = 50;

    private KeyStats tcpClockStats() {
        KeyStats k = new KeyStats(TCP_CLOCK_KEY, Kind.TCP_CLOCK); // judged like any weak key
        for (String v : tcpClockValues()) {
            if (v != null) {
                k.add(v);
            }
        }
        return k.present == 0 ? null : k;
    }

    private KeyStats clockStats() {
        KeyStats k = new KeyStats(CLOCK_KEY, Kind.HEADER_SET); // judged like any weak key
        for (String v : clockValues()) {
            if (v != null) {
                k.add(v);
            }
        }
        return k.present == 0 ? null : k;
    }

    private Partition group() {
        List<KeyStats> use = usable();
        if (use.isEmpty()) {
            return new Partition(List.of(), new int[responses.size()], List.of(), new int[0], false, List.of())
                    .unidentifiedAll();
        }
        int n = responses.size();
        int m = use.size();
        String[] clock = use.stream().anyMatch(k -> k.key.equals(CLOCK_KEY)) ? clockValues() : null;
        String[] tcpClock = use.stream().anyMatch(k -> k.key.equals(TCP_CLOCK_KEY)) ? tcpClockValues() : null;
        String[][] sig = new String[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                String key = use.get(j).key;
                sig[i][j] = key.equals(CLOCK_KEY) ? clock[i] : key.equals(TCP_CLOCK_KEY) ? tcpClock[i]
                        : valueOf(responses.get(i), key);
            }
        }
        // complete signatures make the back-ends; a response missing a key joins the one back-end it agrees with
        Map<List<String>, Integer> index = new LinkedHashMap<>();
        List<String[]> full = new ArrayList<>();
        int[] server = new int[n];
        for (int i = 0; i < n; i++) {
            server[i] = -1;
            if (complete(sig[i])) {
                List<String> s = List.of(sig[i]);
                Integer at = index.get(s);
                if (at == null) {
                    at = index.size();
                    index.put(s, at);
                    full.add(sig[i]);
                }
                server[i] = at;
            }
        }
        for (int i = 0; i < n; i++) {
            if (server[i] < 0) {
                server[i] = onlyMatch(sig[i], full);
            }
        }
        int[] counts = new int[full.size()];
        for (int s : server) {
            if (s >= 0) {
                counts[s]++;
            }
        }
        // the keys that told back-ends apart: more than one value among them
        List<Integer> splitting = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            java.util.Set<String> values = new java.util.HashSet<>();
            for (String[] f : full) {
                values.add(f[j]);
            }
            if (values.size() > 1) {
                splitting.add(j);
            }
        }
        boolean tcpOnly = !splitting.isEmpty() && splitting.stream().allMatch(j -> tcp(use.get(j).kind));
        // a back-end's id is its values of the keys that told it apart (a value every back-end shares names none)
        List<Integer> named = splitting.isEmpty() ? java.util.stream.IntStream.range(0, m).boxed().toList() : splitting;
        List<String> ids = full.stream().map(f -> String.join(" / ", named.stream().map(j -> f[j]).toList())).toList();
        return new Partition(use.stream().map(k -> k.key).toList(), server, ids, counts, tcpOnly,
                named.stream().map(j -> use.get(j).key).toList());
    }

    private static boolean complete(String[] sig) {
        for (String v : sig) {
            if (v == null) {
                return false;
            }
        }
        return true;
    }

    private static int onlyMatch(String[] sig, List<String[]> full) {
        int found = -1;
        boolean any = false;
        for (String v : sig) {
            any |= v != null;
        }
        if (!any) {
            return -1;
        }
        for (int c = 0; c < full.size(); c++) {
            boolean agrees = true;
            for (int j = 0; j < sig.length && agrees; j++) {
                agrees = sig[j] == null || sig[j].equals(full.get(c)[j]);
            }
            if (agrees) {
                if (found >= 0) {
                    return -1; // agrees with two: which one is not known
                }
                found = c;
            }
        }
        return found;
    }

    /** The estimate from everything added. */
    public Estimate estimate() {
        Partition p = partition();
        List<String> ignored = new ArrayList<>();
        for (KeyStats k : keys.values()) {
            String why = k.unusable(responses.size());
            if (why != null && k.kind.identifies()) {
                ignored.add(k.key + ": " + why);
            }
        }
        KeyStats tcpClock = tcpClockStats();
        if (tcpClock != null && tcpClock.unusable(responses.size()) != null) {
            ignored.add(TCP_CLOCK_KEY + ": " + (tcpClock.perRequest() ? "a clock of its own on each of "
                    + tcpClock.present + " connections: the stacks draw each connection's timestamp offset anew,"
                    + " which links nothing" : tcpClock.unusable(responses.size())));
        }
        if (p.keys().isEmpty()) {
            return new Estimate(null, responses.size(), 0, Chao1.of(new int[0], confidence), List.of(),
                    PolicyGuess.of(List.of(), new int[0]), ignored, false);
        }
        List<List<List<Evidence>>> byServer = new ArrayList<>();
        p.ids().forEach(v -> byServer.add(new ArrayList<>()));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            int s = p.server()[i];
            if (s >= 0) {
                byServer.get(s).add(responses.get(i));
                order.add(p.ids().get(s));
            }
        }
        List<Server> servers = new ArrayList<>();
        for (int s = 0; s < p.ids().size(); s++) {
            List<List<Evidence>> of = byServer.get(s);
            servers.add(new Server(p.ids().get(s), of.size(), Share.of(of.size(), order.size(), confidence),
                    why(p, s), items(of)));
        }
        return new Estimate(String.join(" + ", p.keys()), responses.size(), order.size(),
                Chao1.of(p.counts(), confidence), List.copyOf(servers), PolicyGuess.of(order, p.counts()), ignored,
                p.tcpOnly());
    }

    /** Why a back-end is one of its own: its value of each key that told back-ends apart. */
    private static String why(Partition p, int s) {
        String[] values = p.ids().get(s).split(" / ", -1);
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < p.idKeys().size() && j < values.length; j++) {
            parts.add(p.idKeys().get(j) + " = " + values[j]);
        }
        String how = p.idKeys().size() == 1 ? "named by " : "told apart by all of ";
        return how + String.join(", ", parts);
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
                if (e.kind() == Kind.TCP_CLOCK || keys.get(e.key()).perRequest()) {
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
