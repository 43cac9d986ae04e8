package org.unveil.synth.traffic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.synth.Seen;

/**
 * What one host's stack does, measured from the packets it sent — the same small analysis for a real capture
 * and a synthetic one, so a model is judged by what a reader of both captures would see (the thresholds are
 * CATALOG.md's, which classified the real captures).
 *
 * @param ipid GLOBAL (most steps between the host's consecutive packets are 1..64 and new connections continue
 *        the counter), PER_CONNECTION (steps are small inside each connection but a new connection jumps) or
 *        RANDOM
 * @param clockHz the TCP timestamp rate rounded to the nearest usual one (2, 10, 100, 250, 300, 1000): the median
 *        over connections of two seconds or more, else across connections; 0 without timestamps, -1 when
 *        nothing spans two seconds
 * @param oneClock whether every connection's timestamps lie on one line (one clock for the host, no offsets)
 * @param sequentialPorts share of consecutive new connections whose source port steps by 1..32
 */
record StackBehaviour(String ipid, int clockHz, boolean oneClock, double sequentialPorts, int lowPort, int highPort,
        int connections) {

    private static final int[] USUAL_HZ = {2, 10, 100, 250, 300, 1000};

    static StackBehaviour of(List<Seen> sent) {
        Map<String, List<Seen>> flows = new LinkedHashMap<>();
        for (Seen p : sent) {
            if (p.proto() == 6) {
                flows.computeIfAbsent(p.sport() + ">" + p.dst() + ":" + p.dport(), k -> new ArrayList<>()).add(p);
            }
        }
        return new StackBehaviour(ipid(sent, flows), clockHz(flows), oneClock(flows), sequentialPorts(sent),
                sent.stream().filter(Seen::syn).mapToInt(Seen::sport).min().orElse(-1),
                sent.stream().filter(Seen::syn).mapToInt(Seen::sport).max().orElse(-1),
                (int) sent.stream().filter(Seen::syn).map(p -> p.sport() + ">" + p.dst() + ":" + p.dport())
                        .distinct().count());
    }

    private static boolean small(int from, int to) {
        int step = Math.floorMod(to - from, 1 << 16);
        return step >= 1 && step <= 64;
    }

    private static String ipid(List<Seen> sent, Map<String, List<Seen>> flows) {
        int steps = 0;
        int smallSteps = 0;
        int newFlows = 0;
        int continuing = 0;
        java.util.Set<String> opened = new java.util.HashSet<>();
        for (int i = 1; i < sent.size(); i++) {
            Seen a = sent.get(i - 1);
            Seen b = sent.get(i);
            steps++;
            smallSteps += small(a.ipid(), b.ipid()) ? 1 : 0;
            if (b.syn() && opened.add(b.sport() + ">" + b.dst() + ":" + b.dport())) {
                newFlows++;
                continuing += small(a.ipid(), b.ipid()) ? 1 : 0;
            }
        }
        int inFlow = 0;
        int inFlowSmall = 0;
        for (List<Seen> f : flows.values()) {
            for (int i = 1; i < f.size(); i++) {
                inFlow++;
                int step = Math.floorMod(f.get(i).ipid() - f.get(i - 1).ipid(), 1 << 16);
                inFlowSmall += step <= 64 ? 1 : 0; // a retransmission may repeat an id
            }
        }
        if (steps > 0 && smallSteps >= 0.75 * steps && newFlows > 0 && continuing >= 0.75 * newFlows) {
            return "GLOBAL";
        }
        if (inFlow > 0 && inFlowSmall >= 0.9 * inFlow && newFlows > 0 && continuing < 0.25 * newFlows) {
            return "PER_CONNECTION";
        }
        return "RANDOM";
    }

    /** Median rate over connections whose timestamps span two seconds or more. */
    private static int clockHz(Map<String, List<Seen>> flows) {
        List<Double> rates = new ArrayList<>();
        boolean any = false;
        for (List<Seen> f : flows.values()) {
            List<Seen> ts = f.stream().filter(Seen::hasTs).toList();
            any |= !ts.isEmpty();
            if (ts.size() >= 2) {
                double seconds = (ts.getLast().nanos() - ts.getFirst().nanos()) / 1e9;
                if (seconds >= 2) {
                    rates.add((ts.getLast().tsval() - ts.getFirst().tsval()) / seconds);
                }
            }
        }
        if (!any) {
            return 0;
        }
        if (rates.isEmpty()) {
            // no connection lasted two seconds: read the rate across connections, first timestamp to first
            // timestamp, which holds only for one clock per host (oneClock then checks that it did)
            List<Seen> firsts = new ArrayList<>();
            for (List<Seen> f : flows.values()) {
                f.stream().filter(Seen::hasTs).findFirst().ifPresent(firsts::add);
            }
            double seconds = firsts.size() < 2 ? 0 : (firsts.getLast().nanos() - firsts.getFirst().nanos()) / 1e9;
            if (seconds < 2) {
                return -1;
            }
            rates.add((firsts.getLast().tsval() - firsts.getFirst().tsval()) / seconds);
        }
        Collections.sort(rates);
        double rate = rates.get(rates.size() / 2);
        int best = USUAL_HZ[0];
        for (int hz : USUAL_HZ) {
            if (Math.abs(Math.log(rate / hz)) < Math.abs(Math.log(rate / best))) {
                best = hz;
            }
        }
        return best;
    }

    /** Every connection's first timestamp, less the rate times its time, within two seconds of the others'. */
    private static boolean oneClock(Map<String, List<Seen>> flows) {
        int hz = clockHz(flows);
        if (hz <= 0) {
            return false;
        }
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (List<Seen> f : flows.values()) {
            for (Seen p : f) {
                if (p.hasTs()) {
                    double offset = p.tsval() / (double) hz - p.nanos() / 1e9;
                    low = Math.min(low, offset);
                    high = Math.max(high, offset);
                    break;
                }
            }
        }
        return high - low <= 2;
    }

    private static double sequentialPorts(List<Seen> sent) {
        List<Integer> ports = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Seen p : sent) {
            if (p.syn() && seen.add(p.sport() + ">" + p.dst() + ":" + p.dport())) {
                ports.add(p.sport());
            }
        }
        int sequential = 0;
        for (int i = 1; i < ports.size(); i++) {
            int step = ports.get(i) - ports.get(i - 1);
            sequential += step >= 1 && step <= 32 ? 1 : 0;
        }
        return ports.size() < 2 ? 0 : sequential / (double) (ports.size() - 1);
    }
}
