package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;

/** The one 64-bit hash every hash-based scheduler uses for flows and nodes. */
public final class FlowHash {

    private FlowHash() {
    }

    /** MurmurHash3's 64-bit finalizer (fmix64): every input bit affects every output bit. */
    public static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
    }

    /** Folds {@code value} into the running hash {@code hash}; order matters. */
    public static long combine(long hash, long value) {
        return mix(hash ^ mix(value + 0x9e3779b97f4a7c15L));
    }

    /**
     * The flow key of {@code packet}. Uses the cluster-oriented 5-tuple (protocol, internal address and port,
     * external address and port), so both directions of a connection hash the same.
     */
    public static long flow(SimPacket packet) {
        long protocolAndPorts = ((long) packet.protocol << 32) | ((long) (packet.internalPort & 0xffff) << 16)
                | (packet.externalPort & 0xffff);
        return combine(combine(mix(protocolAndPorts), packet.internalAddress), packet.externalAddress);
    }

    /** Maps {@code hash} uniformly onto {@code 0 .. n-1} (Lemire's multiply-high reduction, no division). */
    public static int reduce(long hash, int n) {
        return (int) Math.unsignedMultiplyHigh(hash, n);
    }
}
