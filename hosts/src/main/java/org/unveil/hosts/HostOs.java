package org.unveil.hosts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.evidence.OsFamily;
import org.unveil.hosts.evidence.OsLabels;
import org.unveil.hosts.evidence.SynSignature;

/**
 * A host's OS label and initial TTL, read together from its own SYNs so that the two columns never disagree:
 * the label most of its SYNs name ({@link OsLabels}, else the {@link org.unveil.hosts.evidence.OsSignatures}
 * family) and those SYNs' initial TTL. A host without a SYN keeps its packets' TTL and says "unknown-ttlN".
 */
record HostOs(String label, int initialTtl) {

    static HostOs of(List<FlowEvidence> members) {
        Tally t = new Tally();
        members.forEach(t::add);
        return t.result();
    }

    /**
     * The same read flow by flow, so that flows streamed from disk need not be held: the label of a SYN depends on
     * whether the host counts its IPIDs swapped, known only once all flows are in, so both readings are kept.
     */
    static final class Tally {
        private final Reading plain = new Reading(false);
        private final Reading swapped = new Reading(true);
        private int swappedCounters;
        private int plainCounters;
        private int packetTtl;

        void add(FlowEvidence f) {
            if (f.chosenTtl()) { // multicast, IGMP and probes carry their application's TTL, not the stack's
                return;
            }
            // Windows 9x counts its IPIDs little-endian: more of the host's counting flows read so than plainly
            if (f.ipidKind() == IpidTrack.Kind.SWAPPED_COUNTER) {
                swappedCounters++;
            } else if (f.ipidKind() == IpidTrack.Kind.COUNTER) {
                plainCounters++;
            }
            packetTtl = Math.max(packetTtl, f.initialTtl());
            if (f.syn() != null) {
                plain.add(f);
                swapped.add(f);
            }
        }

        HostOs result() {
            return (swappedCounters > plainCounters ? swapped : plain).result(packetTtl);
        }
    }

    /** The SYNs' votes under one reading of the IPID byte order. */
    private static final class Reading {
        /** Stands for "no row names it" in {@link #labels}, which holds no nulls. */
        private static final String NO_LABEL = new String("no label");
        private final boolean swapped;
        private final Map<String, Integer> votes = new HashMap<>();
        private final Map<String, Integer> synTtl = new HashMap<>();
        /** Labels by signature: a host's SYNs repeat a few signatures, and each reading now looks every one up. */
        private final Map<SynSignature, String> labels = new HashMap<>();
        private int unnamedSynTtl;

        Reading(boolean swapped) {
            this.swapped = swapped;
        }

        void add(FlowEvidence f) {
            String label = labels.computeIfAbsent(f.syn(), s -> {
                String l = OsLabels.label(s, swapped);
                return l == null ? NO_LABEL : l;
            });
            label = label == NO_LABEL ? null : label;
            if (label == null && f.os() != OsFamily.UNKNOWN) {
                label = f.os().label(f.syn().initialTtl());
            }
            if (label == null) {
                unnamedSynTtl = Math.max(unnamedSynTtl, f.syn().initialTtl());
                return;
            }
            votes.merge(label, 1, Integer::sum);
            synTtl.putIfAbsent(label, f.syn().initialTtl());
        }

        HostOs result(int packetTtl) {
            String best = null;
            for (Map.Entry<String, Integer> e : votes.entrySet()) { // ties go to the first name in order: stable
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
    }
}
