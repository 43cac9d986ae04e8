package org.unveil.hosts;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketLayers;

/**
 * Host inference within a memory budget however many flows the captures hold: the captures are read once per
 * range of client addresses, each range small enough for {@link MemoryBudget#flowsPerPass} flows, and each range's
 * hosts are handed on, in address order, before the next range is read. Addresses share nothing in inference, so
 * the hosts are those one pass over everything would find.
 *
 * <p>The ranges are found while reading, not guessed beforehand: the first pass books every address; when it holds
 * more flows than the budget allows, it keeps the lower half of its addresses (by flows booked so far), forgets the
 * rest and leaves that upper range to a later pass, which splits again if it must. A capture that fits is read
 * once. One address cannot be split over passes, and needs not be: its flows past the budget's clustering go to
 * disk as they end ({@link EvidenceCollector#spillPast}) and are attributed as they are read back.
 */
public final class HostPasses {
    /** Takes each decoded packet of a pass; both objects are reused for the next packet. */
    public interface Sink {
        void add(Packet packet, PacketLayers layers);

        /** The pass now books only the flows of clients in {@code range}: what was kept of others can go. */
        default void narrowed(AddressRange range) {
        }
    }

    /** Reads all the inputs once, in the same order every time, giving each packet to the sink. */
    public interface Input {
        /** @param pass 0 for the first reading, then 1, 2, … (the caller reports damage once, in pass 0) */
        void read(int pass, Sink sink) throws IOException;

        /** False for a stream (stdin, a pipe): it is read in one pass, however many flows it holds. */
        default boolean rereadable() {
            return true;
        }

        /**
         * Told once, as it happens, that a pass holds more flows than the budget allows and cannot shed any: the
         * input is a stream ({@code address} null), or one address ({@code address}) has them all, which only a
         * pass smaller than the budget's clustering allows (the budget's own passes hold more).
         */
        default void outgrown(String address, int flows) {
        }
    }

    /** What the passes did: how many there were and the most flows one of them held. */
    public record Summary(int passes, int mostFlows) {
    }

    /** Takes the hosts of one range of addresses, in address order, with the sink the pass filled. */
    public interface Output<S> {
        void addresses(List<AddressHosts> addresses, S sink) throws IOException;
    }

    private HostPasses() {
    }

    /**
     * Infers the hosts of every address (only {@code only}, in the form Unveil prints, when not null).
     *
     * @param sinkOf the sink of one pass, around its collector ({@code c -> c::add}, or one that also keeps plot
     *     points)
     */
    public static <S extends Sink> Summary run(Input input, String only, MemoryBudget budget,
            Function<EvidenceCollector, S> sinkOf, Output<S> output) throws IOException {
        return run(input, only, budget, budget.flowsPerPass(), sinkOf, output);
    }

    /** As {@link #run(Input, String, MemoryBudget, Function, Output)}, with passes of at most {@code flowsPerPass}. */
    static <S extends Sink> Summary run(Input input, String only, MemoryBudget budget, int flowsPerPass,
            Function<EvidenceCollector, S> sinkOf, Output<S> output) throws IOException {
        Deque<AddressRange> ranges = new ArrayDeque<>();
        ranges.push(only == null ? AddressRange.ALL : AddressRange.only(only));
        int limit = input.rereadable() ? flowsPerPass : Integer.MAX_VALUE;
        boolean[] told = {false};
        int pass = 0;
        int most = 0;
        while (!ranges.isEmpty()) {
            AddressRange range = ranges.pop();
            EvidenceCollector collector = new EvidenceCollector();
            // one address's flows past what clustering takes go to disk: no pass grows with one address
            collector.spillPast(budget.clusteredFlowsPerAddress(), budget.openSpilledFlows());
            if (!range.equals(AddressRange.ALL)) {
                collector.narrow(range);
            }
            S sink = sinkOf.apply(collector);
            Splitter splitter = new Splitter(collector, sink, limit, ranges, input, told);
            input.read(pass++, (packet, layers) -> {
                sink.add(packet, layers);
                if (collector.booked() > splitter.threshold) {
                    splitter.split();
                } else if (!told[0] && limit == Integer.MAX_VALUE && collector.booked() > flowsPerPass) {
                    told[0] = true;
                    input.outgrown(null, collector.booked());
                }
            });
            most = Math.max(most, collector.booked());
            try {
                output.addresses(HostInference.infer(collector, only, budget), sink);
            } finally {
                collector.deleteSpills();
            }
        }
        return new Summary(pass, most);
    }

    /** Halves a pass's range when its flows outgrow the budget. */
    private static final class Splitter {
        private final EvidenceCollector collector;
        private final Sink sink;
        private final Deque<AddressRange> later;
        private final int limit;
        private final Input input;
        private final boolean[] told;
        int threshold;

        Splitter(EvidenceCollector collector, Sink sink, int limit, Deque<AddressRange> later, Input input,
                boolean[] told) {
            this.collector = collector;
            this.sink = sink;
            this.later = later;
            this.limit = limit;
            this.threshold = limit;
            this.input = input;
            this.told = told;
        }

        /**
         * Keeps the addresses below the one at which half the booked flows are reached (at least the lowest
         * address), leaving the others to the next pass; with one address booked there is nothing to split.
         */
        void split() {
            List<FlowEvidence> booked = new ArrayList<>(collector.booked());
            for (FlowEvidence f : collector.flows()) {
                if (f != null) {
                    booked.add(f);
                }
            }
            Comparator<FlowEvidence> byAddress = (a, b) -> AddressRange.compare(a.clientHigh, a.clientLow,
                    b.clientHigh, b.clientLow);
            booked.sort(byAddress);
            FlowEvidence lowest = booked.getFirst();
            int cut = booked.size() / 2;
            while (cut < booked.size() && byAddress.compare(booked.get(cut), lowest) == 0) {
                cut++;
            }
            if (cut == booked.size()) {
                // one address: kept whole; addresses that come later may still be split off once they add as many
                threshold = (int) Math.min(Integer.MAX_VALUE, (long) booked.size() + limit);
                if (!told[0]) {
                    told[0] = true;
                    input.outgrown(lowest.client(), booked.size());
                }
                return;
            }
            FlowEvidence at = booked.get(cut); // its address and those above go to a later pass
            AddressRange range = collector.range();
            later.push(range.from(at.clientHigh, at.clientLow));
            AddressRange lower = range.below(at.clientHigh, at.clientLow);
            collector.narrow(lower);
            sink.narrowed(lower);
        }
    }
}
