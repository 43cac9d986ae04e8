package org.unveil.generator.stack;

import java.util.random.RandomGenerator;

/**
 * A host's IPID state: its one global counter and a counter per destination; a connection's own counters
 * live with the connection. {@link #next} is the one place an {@link IpidModel} turns into a number.
 */
public final class IpidCounters {
    private final int[] perDestination;
    private int global;

    /** @param perDestination the start of each destination's counter (the array is kept, not copied) */
    public IpidCounters(int global, int[] perDestination) {
        this.global = global;
        this.perDestination = perDestination;
    }

    /**
     * The IPID of the host's next packet.
     *
     * @param peer which destination counter (for {@link IpidModel.PerDestination})
     * @param connection the connection's counters, one per side; {@code side} picks the sender's
     */
    public int next(IpidModel model, int peer, int[] connection, int side, RandomGenerator rng) {
        return switch (model) {
            case IpidModel.GlobalCounter g -> global++ & 0xFFFF;
            case IpidModel.PerDestination d -> {
                int value = perDestination[peer]++ & ((1 << d.wrapBits()) - 1);
                yield d.byteSwapped() ? Short.reverseBytes((short) value) & 0xFFFF : value;
            }
            case IpidModel.PerConnection c -> connection[side]++ & 0xFFFF;
            case IpidModel.RandomPerPacket r -> rng.nextInt(65536);
            case IpidModel.Zero z -> 0;
        };
    }
}
