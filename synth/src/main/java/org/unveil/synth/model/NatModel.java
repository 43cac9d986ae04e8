package org.unveil.synth.model;

/**
 * The NAT in front of the hosts: all their packets leave with {@code publicAddress}, each flow's source port
 * kept where it is free (most home routers, Linux masquerading) or replaced by a random one (carrier-grade NATs,
 * OpenBSD pf by default). {@link #NONE} leaves the hosts' own addresses visible.
 */
public record NatModel(Mode mode, int publicAddress) {

    /** How the NAT chooses a flow's public source port. */
    public enum Mode {
        NONE, PRESERVE, RANDOM
    }

    /** No NAT: the capture shows the hosts themselves. */
    public static final NatModel NONE = new NatModel(Mode.NONE, 0);
}
