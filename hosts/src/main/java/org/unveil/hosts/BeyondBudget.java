package org.unveil.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    /** A flow past the budget, read back from disk, and the host it went to (an index into the hosts, or -1). */
    public record Placed(FlowEvidence flow, int host) {
    }

    /**
     * The flows past the budget whose indexes ({@link FlowEvidence#index()}, negative) are in {@code wanted}, in
     * one read, each with its host: null for those not found.
     */
    public Placed[] find(int[] wanted) {
        Map<Integer, Integer> at = new HashMap<>();
        for (int i = 0; i < wanted.length; i++) {
            at.put(wanted[i], i);
        }
        Placed[] found = new Placed[wanted.length];
        try (FlowSpill.Reader r = spill.reader()) {
            for (int n = 0; n < spill.count() && !at.isEmpty(); n++) {
                FlowEvidence f = r.next();
                Integer i = at.remove(f.index());
                if (i != null) {
                    found[i] = new Placed(f, host(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Reads every flow past the budget in order, one at a time: memory does not grow with them. */
    public void forEach(Consumer<FlowEvidence> each) {
        try (FlowSpill.Reader r = spill.reader()) {
            for (int n = 0; n < spill.count(); n++) {
                each.accept(r.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
