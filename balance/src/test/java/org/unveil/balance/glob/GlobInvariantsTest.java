package org.unveil.balance.glob;

import org.unveil.glob.GlobConfig;
import org.unveil.glob.PortRange;
import org.unveil.glob.RuleView;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

class GlobInvariantsTest {
    private static final long SECOND = 1_000_000_000L;

    /** The §12.5.1 requirement: every packet has exactly one rule and that rule a live owner. */
    static void assertPartitionWithLiveOwners(List<RuleView> rules, boolean[] live) {
        long area = rules.stream().mapToLong(RuleView::area).sum();
        assertThat(area).as("area of all rules").isEqualTo(1L << 32);
        for (int i = 0; i < rules.size(); i++) {
            RuleView rule = rules.get(i);
            assertThat(live[rule.primary()]).as("primary of rule %d is live", rule.id()).isTrue();
            assertThat(rule.backup()).as("backup of rule %d", rule.id()).isNotEqualTo(rule.primary());
            for (int j = i + 1; j < rules.size(); j++) {
                assertThat(rule.overlaps(rules.get(j)))
                        .as("rules %d and %d overlap", rule.id(), rules.get(j).id()).isFalse();
            }
        }
    }

    static List<GlobConfig> networks() {
        return List.of(GlobConfig.THESIS, GlobConfig.THESIS.withNetwork(2 * SECOND, 0.3));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void rulesPartitionThePortSpaceWithOneLiveOwnerAfterEveryPoll(GlobConfig config) {
        GlobScheduler glob = new GlobScheduler(config);
        boolean[] live = {true, true, true, true, false};
        glob.start(4, new SimulationContext(new Random(1), 5));
        glob.onPoll(time -> assertPartitionWithLiveOwners(glob.rules(), live));
        SkewedTraffic traffic = new SkewedTraffic(42, 2000);
        for (int i = 0; i < 2000 * 600; i++) {
            SimPacket packet = traffic.next();
            if (i == 2000 * 200) {
                live[1] = false;
                glob.nodeDown(1, packet.timeNanos);
            }
            if (i == 2000 * 400) {
                live[4] = true;
                glob.nodeUp(4, packet.timeNanos);
            }
            glob.advanceTo(packet.timeNanos);
            assertThat(live[glob.assign(packet)]).isTrue();
        }
        assertThat(glob.pollsRun()).isEqualTo(99);
        assertThat(glob.rules().size()).isGreaterThan(4);
        assertThat(glob.rules()).extracting(RuleView::primary).contains(4);
    }

    @Test
    void afterACrashNoPacketGoesToTheDeadNodeAndEveryRuleHasALivePrimaryWithinOnePoll() {
        GlobScheduler glob = new GlobScheduler();
        boolean[] live = {true, true, true};
        glob.start(3, new SimulationContext(new Random(7), 3));
        SkewedTraffic traffic = new SkewedTraffic(3, 1000);
        long crashAt = -1;
        for (int i = 0; i < 1000 * 240; i++) {
            SimPacket packet = traffic.next();
            if (i == 1000 * 120) {
                crashAt = packet.timeNanos;
                assertThat(glob.rules()).extracting(RuleView::primary).contains(0, 1, 2);
                live[2] = false;
                glob.nodeDown(2, crashAt);
                assertPartitionWithLiveOwners(glob.rules(), live);
            }
            if (crashAt >= 0 && packet.timeNanos <= crashAt + 6 * SECOND) {
                glob.advanceTo(packet.timeNanos);
                assertPartitionWithLiveOwners(glob.rules(), live);
            } else {
                glob.advanceTo(packet.timeNanos);
            }
            assertThat(glob.assign(packet)).isNotEqualTo(crashAt >= 0 ? 2 : -1);
        }
        assertThat(glob.rules()).extracting(RuleView::primary).containsOnly(0, 1);
        assertThat(glob.rules()).extracting(RuleView::backup).doesNotContain(2);
    }
}
