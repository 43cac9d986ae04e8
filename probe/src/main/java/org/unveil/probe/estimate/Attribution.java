package org.unveil.probe.estimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

/**
 * How surely each response belongs to the back-end the estimate put it with: the posterior probability of that
 * back-end among all found, given everything the response showed, by naive Bayes over its evidence keys. Each
 * response is scored leaving itself out (its own values do not vouch for it):
 * <ul>
 *   <li>prior: the back-end's share, Laplace-smoothed (n_c + 1) / (n + C);</li>
 *   <li>per key with a value (every identifying key that is not per request, used to name back-ends or not), the
 *       chance the back-end shows that value, (count + α) / (n_c + α (V + 1)) over the key's V values; α is 0.1
 *       for keys that name servers by design and 1 (Laplace) for keys that are ids only by behaviour, whose value
 *       can recur on another back-end by coincidence of configuration;</li>
 *   <li>the Date clock: the share of the back-end's k other offset ranges that meet the response's, (m + 1) /
 *       (k + 2) (ranges of one back-end all hold its true offset, so they meet; a cached Date or a stepped clock
 *       only lowers m).</li>
 * </ul>
 * A key that shows one value everywhere (the same header set on every back-end, NTP-synchronised clocks) weighs
 * alike on every back-end and so drops out; a key that disagrees with the naming one (an id that names b1 on a
 * response whose clock only b2's offset meets) lowers the confidence, which is what the column is for. It is the
 * probability among the back-ends found: two look-alike back-ends that the evidence merged into one are one here.
 */
final class Attribution {
    private static final double TRUSTED_ALPHA = 0.1;
    private static final double WEAK_ALPHA = 1.0;

    private Attribution() {
    }

    /**
     * Per response (send order) the probability that it came from the back-end {@code server[i]} names, or NaN
     * where it was put with none.
     */
    static double[] of(List<List<Evidence>> responses, int[] server, int backEnds, Map<String, KeyStats> keys) {
        int n = responses.size();
        double[] out = new double[n];
        java.util.Arrays.fill(out, Double.NaN);
        if (backEnds == 0) {
            return out;
        }
        int[] size = new int[backEnds];
        int assigned = 0;
        for (int s : server) {
            if (s >= 0) {
                size[s]++;
                assigned++;
            }
        }
        // per key: per value, per back-end, how many responses put with it showed the value
        List<String> used = new ArrayList<>();
        List<Double> alpha = new ArrayList<>();
        List<Map<String, int[]>> counts = new ArrayList<>();
        List<int[]> present = new ArrayList<>();
        for (KeyStats k : keys.values()) {
            if (!k.kind.identifies() || k.perRequest()) {
                continue;
            }
            used.add(k.key);
            alpha.add(k.kind.trusted() ? TRUSTED_ALPHA : WEAK_ALPHA);
            Map<String, int[]> byValue = new HashMap<>();
            int[] with = new int[backEnds];
            for (int i = 0; i < n; i++) {
                String v = valueOf(responses.get(i), k.key);
                if (server[i] >= 0 && v != null) {
                    byValue.computeIfAbsent(v, x -> new int[backEnds])[server[i]]++;
                    with[server[i]]++;
                }
            }
            counts.add(byValue);
            present.add(with);
        }
        Clocks clocks = new Clocks(responses, server, backEnds);
        double[] log = new double[backEnds];
        for (int i = 0; i < n; i++) {
            int own = server[i];
            if (own < 0) {
                continue;
            }
            for (int c = 0; c < backEnds; c++) {
                int self = c == own ? 1 : 0;
                log[c] = Math.log((size[c] - self + 1.0) / (assigned - 1.0 + backEnds));
            }
            for (int j = 0; j < used.size(); j++) {
                String v = valueOf(responses.get(i), used.get(j));
                if (v == null) {
                    continue;
                }
                int[] byServer = counts.get(j).get(v);
                double a = alpha.get(j);
                int values = counts.get(j).size() + 1;
                for (int c = 0; c < backEnds; c++) {
                    int self = c == own ? 1 : 0;
                    double num = byServer[c] - self + a;
                    double den = present.get(j)[c] - self + a * values;
                    log[c] += Math.log(num / den);
                }
            }
            clocks.score(i, log);
            double top = Double.NEGATIVE_INFINITY;
            for (double l : log) {
                top = Math.max(top, l);
            }
            double sum = 0;
            for (double l : log) {
                sum += Math.exp(l - top);
            }
            out[i] = Math.exp(log[own] - top) / sum;
        }
        return out;
    }

    private static String valueOf(List<Evidence> response, String key) {
        for (Evidence e : response) {
            if (e.key().equals(key) && e.kind() != Kind.CLOCK) {
                return e.value();
            }
        }
        return null;
    }

    /**
     * The Date ranges of each back-end's responses, sorted by their ends, so that how many of them meet a given
     * range is two binary searches. Ranges of one back-end all hold its true offset and so meet each other.
     */
    private static final class Clocks {
        private final double[] low;
        private final double[] high;
        private final int[] server;
        private final double[][] lows;
        private final double[][] highs;

        Clocks(List<List<Evidence>> responses, int[] server, int backEnds) {
            int n = responses.size();
            this.server = server;
            double[][] ranges = ClockGroups.ranges(responses);
            low = ranges[0];
            high = ranges[1];
            int[] k = new int[backEnds];
            for (int i = 0; i < n; i++) {
                if (server[i] >= 0 && !Double.isNaN(low[i])) {
                    k[server[i]]++;
                }
            }
            lows = new double[backEnds][];
            highs = new double[backEnds][];
            for (int c = 0; c < backEnds; c++) {
                lows[c] = new double[k[c]];
                highs[c] = new double[k[c]];
            }
            int[] at = new int[backEnds];
            for (int i = 0; i < n; i++) {
                int s = server[i];
                if (s >= 0 && !Double.isNaN(low[i])) {
                    lows[s][at[s]] = low[i];
                    highs[s][at[s]++] = high[i];
                }
            }
            for (int c = 0; c < backEnds; c++) {
                java.util.Arrays.sort(lows[c]);
                java.util.Arrays.sort(highs[c]);
            }
        }

        /**
         * Adds response {@code i}'s clock term to each back-end's log score: the share of the back-end's other
         * ranges that meet this one, (m + 1) / (k + 2).
         */
        void score(int i, double[] log) {
            if (Double.isNaN(low[i])) {
                return;
            }
            for (int c = 0; c < log.length; c++) {
                int self = server[i] == c ? 1 : 0;
                int k = lows[c].length - self;
                if (k <= 0) {
                    continue; // nothing known of its clock: no term
                }
                // ranges that meet [low, high]: all but those starting after high and those ending before low
                int meet = lows[c].length - above(lows[c], high[i]) - below(highs[c], low[i]) - self;
                log[c] += Math.log((Math.max(0, meet) + 1.0) / (k + 2.0));
            }
        }

        /** How many of the sorted values are greater than {@code x}. */
        private static int above(double[] sorted, double x) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] <= x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return sorted.length - lo;
        }

        /** How many of the sorted values are less than {@code x}. */
        private static int below(double[] sorted, double x) {
            int lo = 0;
            int hi = sorted.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
