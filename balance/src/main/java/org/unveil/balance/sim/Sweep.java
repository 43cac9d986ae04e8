package org.unveil.balance.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.unveil.balance.traffic.TrafficSink;
import org.unveil.balance.traffic.TrafficSource;
import org.unveil.glob.GlobConfig;
import org.unveil.balance.schedulers.Schedulers;

/** The lab's experiment: every scheduler at every cluster size over the same trace, as the thesis's Table 12. */
public final class Sweep {
    /** Plays the trace afresh for each run (each scheduler sees the same packets from the start). */
    public interface Traces {
        void play(TrafficSink into) throws IOException;

        /** Traces pulled from a source opened anew for each run. */
        static Traces of(Opener opener) {
            return into -> {
                try (TrafficSource source = opener.open()) {
                    source.playInto(into);
                }
            };
        }
    }

    /** Opens a pulled trace. */
    public interface Opener {
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
                Simulator.Run run = Simulator.start(Schedulers.create(name, glob),
                        new Simulator.Cluster(n, changes), seed);
                traces.play(run);
                results.add(run.finish());
            }
        }
        return results;
    }
}
