package org.unveil.capture.flow;

import java.util.Arrays;
import org.unveil.capture.decode.Ipv4Header;
import org.unveil.capture.decode.Ipv6Header;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

/**
 * Numbers the bidirectional flows of a packet stream and knows which side is the client: the sender of a
 * SYN, the receiver of a SYN-ACK, else the sender of the first packet seen. Keys live in an open-addressing
 * table of primitive arrays, so looking a packet up allocates nothing; memory grows with flows only.
 */
public final class FlowTable {
    private static final int EMPTY = -1;
    private static final int ORIENTED_BY_FIRST_PACKET = 0;
    private static final int ORIENTED_BY_SYN = 1;

    private int[] slots = new int[1 << 12];
    private int count;
    private int[] protocols = new int[1 << 10];
    private long[] aHigh = new long[1 << 10];
    private long[] aLow = new long[1 << 10];
    private long[] bHigh = new long[1 << 10];
    private long[] bLow = new long[1 << 10];
    private int[] ports = new int[1 << 10];
    private boolean[] clientIsA = new boolean[1 << 10];
    private byte[] orientation = new byte[1 << 10];
    private boolean lastSenderIsA;
    private int lastFlow;

    public FlowTable() {
        Arrays.fill(slots, EMPTY);
    }

    /**
     * The flow of a decoded IP packet, added if new; -1 when the packet has no IP header.
     * {@link #lastSenderIsClient()} then tells the packet's direction.
     */
    public int flowOf(PacketLayers layers) {
        return flowOf(layers, true);
    }

    /**
     * The flow of a decoded IP packet if it was seen before, else -1; adds nothing and leaves orientation as
     * it is (for looking ahead past a part of a capture that another reader counts).
     */
    public int existingFlowOf(PacketLayers layers) {
        return flowOf(layers, false);
    }

    /**
     * Adds the flow of a canonical key (its client taken to be A until a packet's SYN says otherwise); its index,
     * the one it had if it was known. For a table of chosen flows that packets are then looked up in.
     */
    public int add(FlowKey key) {
        return find(key.protocol(), key.addressAHigh(), key.addressALow(), key.portA(), key.addressBHigh(),
                key.addressBLow(), key.portB(), true, true);
    }

    private int flowOf(PacketLayers layers, boolean add) {
        long sh;
        long sl;
        long dh;
        long dl;
        if (layers.ipVersion() == 4) {
            Ipv4Header ip = layers.ipv4();
            sh = FlowKey.V4_MAPPED_HIGH;
            sl = FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(ip.source());
            dh = FlowKey.V4_MAPPED_HIGH;
            dl = FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(ip.destination());
        } else if (layers.ipVersion() == 6) {
            Ipv6Header ip = layers.ipv6();
            sh = ip.sourceHigh();
            sl = ip.sourceLow();
            dh = ip.destinationHigh();
            dl = ip.destinationLow();
        } else {
            return -1;
        }
        int sp = 0;
        int dp = 0;
        if (layers.hasTcp()) {
            sp = layers.tcp().sourcePort();
            dp = layers.tcp().destinationPort();
        } else if (layers.hasUdp()) {
            sp = layers.udp().sourcePort();
            dp = layers.udp().destinationPort();
        }
        int c = Long.compareUnsigned(sh, dh);
        if (c == 0) {
            c = Long.compareUnsigned(sl, dl);
        }
        boolean senderIsA = c != 0 ? c < 0 : sp <= dp;
        int protocol = layers.protocol();
        int flow = senderIsA ? find(protocol, sh, sl, sp, dh, dl, dp, true, add)
                : find(protocol, dh, dl, dp, sh, sl, sp, false, add);
        if (flow < 0) {
            return -1;
        }
        lastSenderIsA = senderIsA;
        lastFlow = flow;
        if (add) {
            orient(flow, layers, senderIsA);
        }
        return flow;
    }

    private void orient(int flow, PacketLayers layers, boolean senderIsA) {
        if (orientation[flow] == ORIENTED_BY_SYN || !layers.hasTcp()) {
            return;
        }
        int flags = layers.tcp().flags() & (TcpHeader.SYN | TcpHeader.ACK);
        if (flags == TcpHeader.SYN) {
            clientIsA[flow] = senderIsA;
            orientation[flow] = ORIENTED_BY_SYN;
        } else if (flags == (TcpHeader.SYN | TcpHeader.ACK)) {
            clientIsA[flow] = !senderIsA;
            orientation[flow] = ORIENTED_BY_SYN;
        }
    }

    private int find(int protocol, long ah, long al, int ap, long bh, long bl, int bp, boolean senderIsA,
            boolean add) {
        int portPair = (ap << 16) | bp;
        int mask = slots.length - 1;
        int slot = hash(protocol, ah, al, bh, bl, portPair) & mask;
        while (true) {
            int flow = slots[slot];
            if (flow == EMPTY) {
                return add ? add(slot, protocol, ah, al, bh, bl, portPair, senderIsA) : -1;
            }
            if (ports[flow] == portPair && aLow[flow] == al && bLow[flow] == bl && aHigh[flow] == ah
                    && bHigh[flow] == bh && protocols[flow] == protocol) {
                return flow;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int hash(int protocol, long ah, long al, long bh, long bl, int ports) {
        long h = al * 0x9E3779B97F4A7C15L ^ bl * 0xC2B2AE3D27D4EB4FL ^ ah ^ (bh << 1) ^ ports * 0x165667B1L ^ protocol;
        h ^= h >>> 29;
        return (int) (h ^ (h >>> 32));
    }

    private int add(int slot, int protocol, long ah, long al, long bh, long bl, int portPair, boolean senderIsA) {
        if (count == protocols.length) {
            growFlows();
        }
        int flow = count++;
        protocols[flow] = protocol;
        aHigh[flow] = ah;
        aLow[flow] = al;
        bHigh[flow] = bh;
        bLow[flow] = bl;
        ports[flow] = portPair;
        // until a SYN says otherwise, the first packet's sender is the client
        clientIsA[flow] = senderIsA;
        orientation[flow] = ORIENTED_BY_FIRST_PACKET;
        slots[slot] = flow;
        if (count * 2 > slots.length) {
            rehash();
        }
        return flow;
    }

    private void growFlows() {
        int n = protocols.length * 2;
        protocols = Arrays.copyOf(protocols, n);
        aHigh = Arrays.copyOf(aHigh, n);
        aLow = Arrays.copyOf(aLow, n);
        bHigh = Arrays.copyOf(bHigh, n);
        bLow = Arrays.copyOf(bLow, n);
        ports = Arrays.copyOf(ports, n);
        clientIsA = Arrays.copyOf(clientIsA, n);
        orientation = Arrays.copyOf(orientation, n);
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        Arrays.fill(slots, EMPTY);
        int mask = slots.length - 1;
        for (int flow = 0; flow < count; flow++) {
            int slot = hash(protocols[flow], aHigh[flow], aLow[flow], bHigh[flow], bLow[flow], ports[flow]) & mask;
            while (slots[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = flow;
        }
    }

    /** Number of flows seen. */
    public int size() {
        return count;
    }

    /** Whether the packet last passed to {@link #flowOf} was sent by its flow's client. */
    public boolean lastSenderIsClient() {
        return lastSenderIsA == clientIsA[lastFlow];
    }

    public boolean clientIsA(int flow) {
        return clientIsA[flow];
    }

    /** True when a SYN or SYN-ACK fixed the orientation, false when it is a guess from the first packet. */
    public boolean orientedBySyn(int flow) {
        return orientation[flow] == ORIENTED_BY_SYN;
    }

    /** The flow's canonical key (allocates; for reporting, not per packet). */
    public FlowKey key(int flow) {
        return new FlowKey(protocols[flow], aHigh[flow], aLow[flow], ports[flow] >>> 16, bHigh[flow], bLow[flow],
                ports[flow] & 0xFFFF);
    }
}
