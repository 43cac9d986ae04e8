package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.capture.Packet;
import org.unveil.hosts.InsideHost.Stack;
import org.unveil.hosts.link.CounterLinkers;

/** Source ports are evidence only behind a NAT that keeps them. */
class SourcePortEvidenceTest {
    private static List<FlowEvidence> flows(boolean randomised) {
        List<InsideHost> hosts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            InsideHost h = new InsideHost("w" + i, Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 60 + i, 0);
            hosts.add(randomised ? h.randomisedPorts() : h);
        }
        List<Packet> packets = new ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (int round = 0; round < 60; round++) {
            for (InsideHost h : hosts) {
                h.connect(packets, round % 2 == 0 ? HostInferenceTest.S1 : HostInferenceTest.S2, t);
                t += 300_000_000L;
            }
        }
        return InsideHost.evidenceOf(packets);
    }

    @Test
    void portsAWindowsHostHandsOutInSequenceLinkItsConnections() {
        assertThat(CounterLinkers.sourcePorts(flows(false)).toList()).isNotEmpty();
    }

    @Test
    void portsANatDrewAtRandomLinkNothingThoughSomeLookLikeContinuations() {
        assertThat(CounterLinkers.sourcePorts(flows(true)).toList()).isEmpty();
    }
}
