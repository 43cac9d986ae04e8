package org.unveil.hosts;

import java.io.IOException;
import java.util.List;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.IpAddresses;

/**
 * The hosts of one address on their own, for an engine that gathers each address's packets by key (the Flink
 * capture job): a collector narrowed to the address, fed every packet that touches it in capture order, books the
 * address's flows exactly as a collector of everything would (see {@link EvidenceCollector}), and the address is
 * inferred as {@link HostPasses} infers it, within the same budget.
 */
public final class AddressInference {
    private AddressInference() {
    }

    /** Takes one address a packet touches, as the two halves of its IPv6 (or IPv4-mapped) form. */
    @FunctionalInterface
    public interface AddressVisitor {
        void address(long high, long low);
    }

    /**
     * The addresses whose collectors admit this packet: its (innermost) IP source and destination, once if they are
     * the same; none for a packet without IP.
     */
    public static void addresses(PacketLayers layers, AddressVisitor visitor) {
        long sh;
        long sl;
        long dh;
        long dl;
        if (layers.ipVersion() == 4) {
            sh = FlowKey.V4_MAPPED_HIGH;
            dh = FlowKey.V4_MAPPED_HIGH;
            sl = FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(layers.ipv4().source());
            dl = FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(layers.ipv4().destination());
        } else if (layers.ipVersion() == 6) {
            sh = layers.ipv6().sourceHigh();
            sl = layers.ipv6().sourceLow();
            dh = layers.ipv6().destinationHigh();
            dl = layers.ipv6().destinationLow();
        } else {
            return;
        }
        visitor.address(sh, sl);
        if (sh != dh || sl != dl) {
            visitor.address(dh, dl);
        }
    }

    /** An address in the form Unveil prints it (and {@code hosts --address} takes). */
    public static String format(long high, long low) {
        return IpAddresses.format(high, low);
    }

    /** Address order, as the reports list addresses (numerically, IPv4 as IPv4-mapped IPv6). */
    public static int compare(long highA, long lowA, long highB, long lowB) {
        return AddressRange.compare(highA, lowA, highB, lowB);
    }

    /** Feeds a collector the packets of one address, in capture order. */
    @FunctionalInterface
    public interface Packets {
        void read(HostPasses.Sink sink) throws IOException;
    }

    /**
     * The hosts behind {@code address} (none or one entry: none when it opened no flow), from {@code packets}, all
     * those touching it in capture order, within {@code budget} as one pass of {@link HostPasses} does.
     */
    public static List<AddressHosts> infer(String address, MemoryBudget budget, Packets packets) throws IOException {
        EvidenceCollector collector = new EvidenceCollector();
        collector.spillPast(budget.clusteredFlowsPerAddress(), budget.openSpilledFlows());
        collector.narrow(AddressRange.only(address));
        packets.read(collector::add);
        try {
            return HostInference.infer(collector, address, budget);
        } finally {
            collector.deleteSpills();
        }
    }
}
