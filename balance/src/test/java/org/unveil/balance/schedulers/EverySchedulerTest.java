package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.balance.glob.GlobScheduler;

/** Contract every registered scheduler must keep, on a trace with crashes, a return and a join. */
class EverySchedulerTest {
    private static final Trace TRACE = Trace.random(1, 3000, 12);
    private static final int NODES = 6;
    private static final int MAX_NODES = 8;

    static Iterable<String> names() {
        return Schedulers.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void neverAssignsToADeadNodeAndKeepsEachConnectionOnOneNodeWhileMembershipIsUnchanged(String name) {
        Scheduler scheduler = Schedulers.create(name);
        assertThat(scheduler.name()).isEqualTo(name);
        boolean[] alive = new boolean[MAX_NODES];
        java.util.Arrays.fill(alive, 0, NODES, true);
        Map<Long, Integer> nodeOfConnection = new HashMap<>();
        scheduler.start(NODES, new SimulationContext(new Random(3), MAX_NODES));
        int polls = 0;
        for (int i = 0; i < TRACE.size(); i++) {
            if (changeMembership(scheduler, i, alive)) {
                nodeOfConnection.clear();
            }
            SimPacket packet = TRACE.packet(i);
            scheduler.advanceTo(packet.timeNanos);
            if (scheduler instanceof GlobScheduler glob && glob.pollsRun() != polls) {
                // the thesis's GLOB moves a rule's connections with it at a poll (§12.3.2): only then
                polls = glob.pollsRun();
                nodeOfConnection.clear();
            }
            int node = scheduler.assign(packet);
            assertThat(alive[node]).as("node %d alive at packet %d", node, i).isTrue();
            Integer before = nodeOfConnection.putIfAbsent(packet.connection, node);
            if (before != null) {
                assertThat(node).as("connection %d at packet %d", packet.connection, i).isEqualTo(before);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void sameSeedGivesSameAssignments(String name) {
        assertThat(run(name, 11)).isEqualTo(run(name, 11));
    }

    @Test
    void unknownNameIsRejectedWithTheKnownNames() {
        assertThatThrownBy(() -> Schedulers.create("nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope")
                .hasMessageContaining("maglev")
                .hasMessageContaining("srr");
    }

    private static int[] run(String name, long seed) {
        return run(Schedulers.create(name), seed);
    }

    private static int[] run(Scheduler scheduler, long seed) {
        boolean[] alive = new boolean[MAX_NODES];
        java.util.Arrays.fill(alive, 0, NODES, true);
        scheduler.start(NODES, new SimulationContext(new Random(seed), MAX_NODES));
        int[] nodes = new int[TRACE.size()];
        for (int i = 0; i < TRACE.size(); i++) {
            changeMembership(scheduler, i, alive);
            SimPacket packet = TRACE.packet(i);
            scheduler.advanceTo(packet.timeNanos);
            nodes[i] = scheduler.assign(packet);
        }
        return nodes;
    }

    @Test
    void theTraceIsLongEnoughForGlobToPollAndMoveRules() {
        GlobScheduler glob = new GlobScheduler();
        run(glob, 11);
        // every 6 s over the trace's span, so polls, splits and transfers all happen in the tests above
        assertThat(glob.pollsRun()).isGreaterThanOrEqualTo((int) (TRACE.size() * Trace.PACKET_GAP_NANOS / 6_000_000_000L) - 1)
                .isGreaterThan(20);
        assertThat(glob.rules().size()).isGreaterThan(NODES);
    }

    /** Node 2 and 4 crash, 2 returns and a new node 6 joins, at four points of the trace. */
    private static boolean changeMembership(Scheduler scheduler, int index, boolean[] alive) {
        int quarter = TRACE.size() / 5;
        long now = index * Trace.PACKET_GAP_NANOS;
        if (index == quarter) {
            set(alive, 2, false);
            scheduler.nodeDown(2, now);
        } else if (index == 2 * quarter) {
            set(alive, 4, false);
            scheduler.nodeDown(4, now);
        } else if (index == 3 * quarter) {
            set(alive, 2, true);
            scheduler.nodeUp(2, now);
        } else if (index == 4 * quarter) {
            set(alive, 6, true);
            scheduler.nodeUp(6, now);
        } else {
            return false;
        }
        return true;
    }

    private static void set(boolean[] alive, int node, boolean value) {
        alive[node] = value;
    }
}
