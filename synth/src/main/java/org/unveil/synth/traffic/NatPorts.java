package org.unveil.synth.traffic;

import java.util.random.RandomGenerator;
import org.unveil.synth.model.NatModel;

/**
 * The public ports a NAT has handed out, per protocol. A port stays taken until its flow ends, so two inside
 * hosts never share a public 5-tuple, which is what lets the labels name one host per public flow.
 */
final class NatPorts {
    private static final int LOWEST = 1024;
    private final NatModel nat;
    private final boolean[][] used = new boolean[256][];
    private final int[] inUse = new int[256];

    NatPorts(NatModel nat) {
        this.nat = nat;
        used[6] = new boolean[65536];
        used[17] = new boolean[65536];
    }

    /** The public port for a new flow from {@code insidePort}. */
    int take(int proto, int insidePort, RandomGenerator rng) {
        if (nat.mode() == NatModel.Mode.NONE) {
            return insidePort;
        }
        boolean[] ports = used[proto];
        if (inUse[proto] > 60_000) {
            throw new IllegalStateException("the NAT ran out of public ports: too many concurrent flows");
        }
        int port = insidePort;
        if (nat.mode() == NatModel.Mode.RANDOM || ports[port]) {
            do {
                port = LOWEST + rng.nextInt(65536 - LOWEST);
            } while (ports[port]);
        }
        ports[port] = true;
        inUse[proto]++;
        return port;
    }

    void release(int proto, int publicPort) {
        if (nat.mode() != NatModel.Mode.NONE && used[proto][publicPort]) {
            used[proto][publicPort] = false;
            inUse[proto]--;
        }
    }
}
