package org.unveil.balance.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.unveil.balance.traffic.TrafficSource;
import org.unveil.glob.GlobConfig;
import org.unveil.balance.schedulers.Schedulers;

/** The lab's experiment: every scheduler at every cluster size over the same trace, as the thesis's Table 12. */
public final class Sweep {
    /** Opens the trace afresh for each run (each scheduler sees the same packets from the start). */
    public interface Traces {
        TrafficSource open() throws IOException;
    }

    private Sweep() {
    }

    /**
     * Runs {@code schedulers} (by name) at each size of {@code nodes}, in that order: sizes outer, schedulers inner.
     *
     * @throws IllegalArgumentException when a membership change is impossible for a cluster size
     * @throws IOException when the trace cannot be read or holds no packet to simulate with
     */
    public static List<RunResult> run(List<String> schedulers, List<Integer> nodes, Traces traces,
            List<MembershipChange> changes, GlobConfig glob, long seed) throws IOException {
        List<RunResult> results = new ArrayList<>();
        for (int n : nodes) {
            for (String name : schedulers) {
                try (TrafficSource source = traces.open()) {
                    results.add(Simulator.run(Schedulers.create(name, glob), source,
                            new Simulator.Cluster(n, changes), seed));
                }
            }
        }
        return results;
    }
}
