package org.unveil.hosts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.evidence.OsLabels;

/**
 * A host's OS label and initial TTL, read together from its own SYNs so that the two columns never disagree:
 * the label most of its SYNs name ({@link OsLabels}, else the {@link org.unveil.hosts.evidence.OsSignatures}
 * family) and those SYNs' initial TTL. A host without a SYN keeps its packets' TTL and says "unknown-ttlN".
 */
record HostOs(String label, int initialTtl) {

    static HostOs of(List<FlowEvidence> members) {
        boolean swapped = swappedCounter(members);
        Map<String, Integer> votes = new HashMap<>();
        Map<String, Integer> synTtl = new HashMap<>();
        int unnamedSynTtl = 0;
        int packetTtl = 0;
        for (FlowEvidence f : members) {
            if (f.chosenTtl()) { // multicast, IGMP and probes carry their application's TTL, not the stack's
                continue;
            }
            packetTtl = Math.max(packetTtl, f.initialTtl());
            if (f.syn() == null) {
                continue;
            }
            String label = OsLabels.label(f.syn(), swapped);
            if (label == null && !f.os().startsWith("unknown")) {
                label = f.os();
            }
            if (label == null) {
                unnamedSynTtl = Math.max(unnamedSynTtl, f.syn().initialTtl());
                continue;
            }
            votes.merge(label, 1, Integer::sum);
            synTtl.putIfAbsent(label, f.syn().initialTtl());
        }
        String best = null;
        for (Map.Entry<String, Integer> e : votes.entrySet()) { // ties go to the first name in order: stable output
            if (best == null || e.getValue() > votes.get(best)
                    || e.getValue().equals(votes.get(best)) && e.getKey().compareTo(best) < 0) {
                best = e.getKey();
            }
        }
        if (best != null) {
            return new HostOs(best, synTtl.get(best));
        }
        int ttl = unnamedSynTtl != 0 ? unnamedSynTtl : packetTtl;
        return new HostOs(ttl == 0 ? "unknown" : "unknown-ttl" + ttl, ttl);
    }

    /** Windows 9x counts its IPIDs little-endian: more of the host's counting flows read so than plainly. */
    private static boolean swappedCounter(List<FlowEvidence> members) {
        int swapped = 0;
        int plain = 0;
        for (FlowEvidence f : members) {
            if (f.ipid() == null || f.chosenTtl()) {
                continue;
            }
            if (f.ipid().kind() == IpidTrack.Kind.SWAPPED_COUNTER) {
                swapped++;
            } else if (f.ipid().kind() == IpidTrack.Kind.COUNTER) {
                plain++;
            }
        }
        return swapped > plain;
    }
}
