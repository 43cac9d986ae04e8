package org.unveil.balance.traffic;

/**
 * Says which side of a conversation is inside the cluster's protected network: private addresses (RFC 1918)
 * are inside; when both or neither are, the client (the flow's first sender) is taken as inside, as for a
 * gateway that sees its own users open connections outwards.
 */
public final class InternalNetwork {
    private InternalNetwork() {
    }

    /** True for 10/8, 172.16/12 and 192.168/16 (IPv4 as unsigned 32-bit values). */
    public static boolean isPrivate(long address) {
        long a = address >>> 24;
        long b = (address >>> 16) & 0xFF;
        return a == 10 || (a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168);
    }

    /** Whether the client (the flow's source) is the internal side. */
    public static boolean clientIsInternal(long client, long server) {
        boolean clientPrivate = isPrivate(client);
        boolean serverPrivate = isPrivate(server);
        return clientPrivate || !serverPrivate;
    }
}
