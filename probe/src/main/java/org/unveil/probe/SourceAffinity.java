package org.unveil.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.probe.estimate.Estimate;
import org.unveil.probe.estimate.Policy;

/**
 * Source stickiness, from the runs of one URL and address from several source addresses: a balancer that hashes
 * the source address sends every request of one source to one back-end, and different sources to different ones.
 * Each request already came from a new source port, so a run that saw several back-ends rules source-address
 * hashing out; one source alone that saw one back-end cannot tell a single server from source hashing.
 */
public final class SourceAffinity {
    private SourceAffinity() {
    }

    /** The results with each one's source verdict (and a source-hash policy where it holds), in the same order. */
    public static List<TargetResult> judge(List<TargetResult> results) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            Target t = results.get(i).target();
            groups.computeIfAbsent(t.url() + " " + t.address().getHostAddress(), k -> new ArrayList<>()).add(i);
        }
        List<TargetResult> out = new ArrayList<>(results);
        for (List<Integer> group : groups.values()) {
            judge(results, group, out);
        }
        return List.copyOf(out);
    }

    private static void judge(List<TargetResult> results, List<Integer> group, List<TargetResult> out) {
        List<String> landed = new ArrayList<>(); // per source its one back-end, null if it saw none or several
        for (int i : group) {
            Estimate e = results.get(i).estimate();
            landed.add(e.servers().size() == 1 ? e.servers().getFirst().id() : null);
        }
        long distinct = landed.stream().filter(java.util.Objects::nonNull).distinct().count();
        boolean eachOne = landed.stream().allMatch(java.util.Objects::nonNull);
        for (int j = 0; j < group.size(); j++) {
            TargetResult r = results.get(group.get(j));
            int servers = r.estimate().servers().size();
            Boolean verdict;
            String why;
            Policy policy = r.estimate().policy();
            if (servers >= 2) {
                verdict = false;
                why = "one source address reached " + servers + " back-ends (a new source port each request)";
            } else if (servers == 0) {
                verdict = null;
                why = "no back-end was named";
            } else if (group.size() < 2) {
                verdict = null;
                why = "one back-end from one source: a single server or source hashing (--source A,B tells)";
            } else if (eachOne && distinct >= 2) {
                verdict = true;
                why = String.format("each of %d source addresses landed on one back-end, %d different ones",
                        group.size(), distinct);
                policy = new Policy("source-hash", why);
            } else if (eachOne) {
                verdict = null;
                why = "every source address landed on the same one back-end: a single server, or a hash that put"
                        + " them together";
            } else {
                verdict = false;
                why = "this source landed on one back-end, but another source reached several";
            }
            Estimate e = r.estimate();
            Estimate withPolicy = new Estimate(e.key(), e.responses(), e.identified(), e.count(), e.servers(), policy,
                    e.ignored(), e.tcpOnly());
            out.set(group.get(j), new TargetResult(r.target(), r.probes(), r.failures(), r.stoppedBecause(),
                    r.budget(), withPolicy, r.responses(), r.stickiness().withSource(verdict, why), r.tcp()));
        }
    }
}
