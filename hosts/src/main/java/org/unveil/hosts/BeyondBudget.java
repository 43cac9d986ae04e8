package org.unveil.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.List;

/**
 * An address's flows past the clustering budget as its {@link AddressHosts#flows} list them: the clustered ones
 * from memory, the rest read back from disk in order (quick in order, slow out of it), each with the host that
 * {@link Attribution} gives it. Valid while the pass's outputs are written; its file is deleted after.
 */
public final class BeyondBudget {
    private final FlowSpill spill;
    private final Attribution attribution;
    private final int[] perHost;

    BeyondBudget(FlowSpill spill, Attribution attribution, int[] perHost) {
        this.spill = spill;
        this.attribution = attribution;
        this.perHost = perHost;
    }

    /** The flows past the budget. */
    public int count() {
        return spill.count();
    }

    /** How many of them went to host {@code h} (an index into {@link AddressHosts#hosts}). */
    public int flowsOf(int h) {
        return perHost[h];
    }

    int host(FlowEvidence f) {
        return (int) attribution.choose(f)[0];
    }

    double confidence(FlowEvidence f) {
        return attribution.choose(f)[1];
    }

    /**
     * The hosts of the flows past the budget whose indexes ({@link FlowEvidence#index()}, negative) are in
     * {@code wanted}, in one read: -1 for those not found.
     */
    public int[] hostsOf(int[] wanted) {
        java.util.Map<Integer, Integer> at = new java.util.HashMap<>();
        for (int i = 0; i < wanted.length; i++) {
            at.put(wanted[i], i);
        }
        int[] hosts = new int[wanted.length];
        java.util.Arrays.fill(hosts, -1);
        try (FlowSpill.Reader r = spill.reader()) {
            for (int n = 0; n < spill.count() && !at.isEmpty(); n++) {
                FlowEvidence f = r.next();
                Integer i = at.remove(f.index());
                if (i != null) {
                    hosts[i] = host(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hosts;
    }

    /** The clustered flows, then those on disk. */
    List<FlowEvidence> list(List<FlowEvidence> clustered) {
        return new AbstractList<>() {
            private FlowSpill.Reader reader;
            private int lastAt = -1;
            private FlowEvidence last;

            @Override
            public int size() {
                return clustered.size() + spill.count();
            }

            @Override
            public FlowEvidence get(int i) {
                if (i < clustered.size()) {
                    return clustered.get(i);
                }
                int n = i - clustered.size();
                if (n == lastAt) {
                    return last; // asked again for its host and confidence
                }
                if (n < 0 || n >= spill.count()) {
                    throw new IndexOutOfBoundsException(i);
                }
                try {
                    if (reader == null || reader.position() > n) {
                        reader = spill.reader();
                    }
                    while (reader.position() < n) {
                        reader.next();
                    }
                    last = reader.next();
                    lastAt = n;
                    return last;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
