package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;

/**
 * IPVS source hashing (ip_vs_sh): a 2^bits bucket table (256 by default) dealt round robin over the live
 * nodes, rebuilt on every membership change as ip_vs_sh_reassign does, indexed by hash_32 of the address. Hashes the internal address so both directions of a connection agree (see
 * {@link ClusterIpHash}).
 */
public final class IpvsSourceHash extends StatelessScheduler {
    private static final int DEFAULT_BITS = 8;
    /** GOLDEN_RATIO_32 of the kernel's hash_32, which ip_vs_sh_hashkey uses. */
    private static final long GOLDEN_RATIO_32 = 0x61c88647L;

    private final int bits;
    private final int[] buckets;

    public IpvsSourceHash() {
        this(DEFAULT_BITS);
    }

    /** A table of {@code 2^bits} buckets, like the kernel's CONFIG_IP_VS_SH_TAB_BITS. */
    public IpvsSourceHash(int bits) {
        if (bits < 1 || bits > 20) {
            throw new IllegalArgumentException("table bits must be 1..20, got " + bits);
        }
        this.bits = bits;
        this.buckets = new int[1 << bits];
    }

    @Override
    public String name() {
        return "ipvs-sh";
    }

    @Override
    void rebuild() {
        if (members.count() == 0) {
            return;
        }
        for (int bucket = 0; bucket < buckets.length; bucket++) {
            buckets[bucket] = members.get(bucket % members.count());
        }
    }

    @Override
    int lookup(SimPacket packet) {
        long address = packet.internalAddress;
        long folded = (address ^ (address >>> 32)) & 0xffffffffL;
        return buckets[(int) (((folded * GOLDEN_RATIO_32) & 0xffffffffL) >>> (32 - bits))];
    }
}
