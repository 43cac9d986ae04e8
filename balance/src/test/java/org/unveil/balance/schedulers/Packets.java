package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;

/** Hand-made packets for connection-tracking tests. */
final class Packets {
    private Packets() {
    }

    /** A packet of {@code connection} with the given first/last flags. */
    static SimPacket of(long connection, boolean first, boolean last) {
        SimPacket packet = Trace.packetOf(new Trace.Flow(6, 0x0a000001L + connection, 40000, 0x08080808L, 443),
                connection, true);
        packet.firstOfConnection = first;
        packet.lastOfConnection = last;
        return packet;
    }

    static SimPacket open(long connection) {
        return of(connection, true, false);
    }

    static SimPacket middle(long connection) {
        return of(connection, false, false);
    }

    static SimPacket close(long connection) {
        return of(connection, false, true);
    }
}
