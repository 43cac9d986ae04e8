package org.unveil.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;
import org.junit.jupiter.api.Test;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.balance.traffic.FlowExpander;
import org.unveil.balance.traffic.FlowRecord;

/** The simulator's bookkeeping, checked with schedulers whose every decision is known in advance. */
class SimulatorTest {
    static final long SECOND = 1_000_000_000L;

    /** A scheduler whose choice is a function of the packet and the live nodes, for tests. */
    static final class FixedRule implements Scheduler {
        private final ToIntBiFunction<SimPacket, List<Integer>> rule;
        private final List<Integer> live = new ArrayList<>();

        FixedRule(ToIntBiFunction<SimPacket, List<Integer>> rule) {
            this.rule = rule;
        }

        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public void start(int nodes, SimulationContext context) {
            for (int n = 0; n < nodes; n++) {
                live.add(n);
            }
        }

        @Override
        public int assign(SimPacket packet) {
            return rule.applyAsInt(packet, live);
        }

        @Override
        public void nodeDown(int node, long nowNanos) {
            live.remove(Integer.valueOf(node));
        }

        @Override
        public void nodeUp(int node, long nowNanos) {
            live.add(node);
        }
    }

    /** {@code count} connections, each 31 packets of 100 bytes, one a second from t=0 to t=30 s. */
    static FlowExpander steadyConnections(int count) {
        List<FlowRecord> flows = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            flows.add(new FlowRecord(c, 30 * SECOND, 6, (10L << 24) | c, 40000 + c, (198L << 24) | 7, 80, 31, 3100));
        }
        return new FlowExpander(flows.iterator());
    }

    @Test
    void everythingOnOneNodeOfTwoGivesTheTextbookFigures() throws IOException {
        RunResult r = Simulator.run(new FixedRule((p, live) -> 0), steadyConnections(2),
                new Simulator.Cluster(2, List.of()), 1);
        // every window: node 0 carries twice its share, node 1 nothing
        assertThat(r.full().peakFraction()).isEqualTo(2.0);
        assertThat(r.full().stddev()).isCloseTo(1.0, within(1e-12));
        // 2 connections x 10 packets x 100 bytes in a full 10 s window
        assertThat(r.full().peakBps()).isEqualTo(200.0);
        assertThat(r.jain()).isCloseTo(0.5, within(1e-12));
        assertThat(r.maxOverMean()).isCloseTo(2.0, within(1e-12));
        assertThat(r.packets()).isEqualTo(62);
        assertThat(r.bytes()).isEqualTo(6200);
        assertThat(r.connections()).isEqualTo(2);
        assertThat(r.brokenConnections()).isZero();
    }

    @Test
    void anEvenSplitHasNoDeviation() throws IOException {
        RunResult r = Simulator.run(new FixedRule((p, live) -> (int) (p.connection % 2)), steadyConnections(4),
                new Simulator.Cluster(2, List.of()), 1);
        assertThat(r.full().stddev()).isZero();
        assertThat(r.full().peakFraction()).isEqualTo(1.0);
        assertThat(r.jain()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aCrashBreaksTheConnectionsOfTheDeadNodeAndCountsTheRemap() throws IOException {
        // connection c on live.get(c mod live): before the crash 0,1,0,1; after node 1 dies all go to node 0
        RunResult r = Simulator.run(new FixedRule((p, live) -> live.get((int) (p.connection % live.size()))),
                steadyConnections(4), new Simulator.Cluster(2, List.of(MembershipChange.parse("1@15", false))), 1);
        assertThat(r.brokenByFailure()).isEqualTo(2);
        assertThat(r.brokenByTransfer()).isZero();
        assertThat(r.remappedFlows()).isEqualTo(0.5);
        assertThat(r.remapIdeal()).isEqualTo(0.5);
    }

    @Test
    void movingALiveConnectionCountsAsBrokenByTransfer() throws IOException {
        // connection 0 flips to node 1 after 10 s although both nodes live
        RunResult r = Simulator.run(new FixedRule((p, live) -> p.connection == 0 && p.timeNanos >= 10 * SECOND ? 1 : 0),
                steadyConnections(2), new Simulator.Cluster(2, List.of()), 1);
        assertThat(r.brokenByTransfer()).isEqualTo(1);
    }

    @Test
    void theStablePeriodLeavesOutTheFirst180Seconds() throws IOException {
        // everything on node 0 for the first 180 s, an even split after
        List<FlowRecord> flows = List.of(new FlowRecord(0, 400 * SECOND, 6, 10L << 24, 1, 198L << 24, 80, 401, 40100),
                new FlowRecord(1, 400 * SECOND, 6, (10L << 24) + 1, 2, 198L << 24, 80, 401, 40100));
        RunResult r = Simulator.run(new FixedRule((p, live) -> p.timeNanos < 180 * SECOND ? 0 : (int) p.connection),
                new FlowExpander(flows.iterator()), new Simulator.Cluster(2, List.of()), 1);
        assertThat(r.full().peakFraction()).isEqualTo(2.0);
        assertThat(r.stable().peakFraction()).isEqualTo(1.0);
        assertThat(r.stable().stddev()).isZero();
    }

    @Test
    void aSchedulerThatPicksADeadNodeIsCaught() {
        assertThatThrownBy(() -> Simulator.run(new FixedRule((p, live) -> 1), steadyConnections(1),
                new Simulator.Cluster(2, List.of(MembershipChange.parse("1@5", false))), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a live node");
    }

    @Test
    void membershipChangesParseAndRejectNonsense() {
        assertThat(MembershipChange.parse("3@90.5", true)).isEqualTo(new MembershipChange(90_500_000_000L, 3, true));
        assertThatThrownBy(() -> MembershipChange.parse("x@1", false)).hasMessageContaining("NODE@SECONDS");
        assertThatThrownBy(() -> MembershipChange.parse("1@", false)).hasMessageContaining("NODE@SECONDS");
    }
}
