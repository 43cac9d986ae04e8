package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;
import org.unveil.synth.traffic.Scenario;

/** The memory budget: results within it are untouched; beyond it the approximation is taken and said. */
class HostInferenceBudgetTest {
    private static final String PUBLIC = "192.0.2.1";

    @TempDir
    static Path dir;
    static List<FlowEvidence> flows;

    @BeforeAll
    static void capture() throws IOException {
        Scenario scenario = new Scenario(3, Scenario.DEFAULT_START_NANOS, 300_000_000_000L, 0,
                HostMix.named("home").hosts(6, Ipv4.parse("10.0.0.10"), new SplittableRandom(3)),
                new NatModel(NatModel.Mode.PRESERVE, Ipv4.parse(PUBLIC)), new PathModel(0, 0, 0), 0.5, 100_000);
        flows = SyntheticEvidence.collect(scenario, dir.resolve("home.pcap"), dir.resolve("home.csv"));
    }

    @Test
    void withinTheBudgetTheResultIsTheSameAsWithoutOne() {
        AddressHosts plain = HostInference.infer(flows, PUBLIC).getFirst();
        long justEnough = (long) flows.size() * MemoryBudget.CLUSTER_BYTES_PER_FLOW * 4;
        for (MemoryBudget budget : List.of(new MemoryBudget(justEnough), new MemoryBudget(8L << 30))) {
            AddressHosts within = HostInference.infer(flows, PUBLIC, budget).getFirst();
            assertThat(budget.clusteredFlowsPerAddress()).isGreaterThanOrEqualTo(flows.size());
            assertThat(within.approximate()).isFalse();
            assertThat(within.approximations()).isEmpty();
            assertThat(within.hostCount()).isEqualTo(plain.hostCount());
            assertThat(within.hostCountLow()).isEqualTo(plain.hostCountLow());
            assertThat(within.hostCountHigh()).isEqualTo(plain.hostCountHigh());
            assertThat(within.hostOf()).isEqualTo(plain.hostOf());
            assertThat(within.confidence()).isEqualTo(plain.confidence());
            assertThat(within.hosts()).isEqualTo(plain.hosts());
        }
    }

    @Test
    void beyondATinyBudgetTheFirstFlowsAreClusteredTheRestAttributedAndItIsSaid() {
        MemoryBudget tiny = new MemoryBudget(1 << 20);
        int clustered = tiny.clusteredFlowsPerAddress();
        assertThat(clustered).isEqualTo(MemoryBudget.MIN_CLUSTERED_FLOWS);
        assertThat(flows.size()).as("the capture must hold more flows than a tiny budget clusters")
                .isGreaterThan(clustered);

        AddressHosts a = HostInference.infer(flows, PUBLIC, tiny).getFirst();

        assertThat(a.approximate()).isTrue();
        assertThat(a.approximations()).anySatisfy(line -> assertThat(line).startsWith(PUBLIC + ": ")
                .contains(String.format(java.util.Locale.ROOT, "%,d flows exceed the memory budget (1 MiB",
                        flows.size()))
                .contains(String.format(java.util.Locale.ROOT, "the first %,d were clustered", clustered)));
        assertThat(a.flows()).hasSize(flows.size());
        assertThat(a.hostOf()).hasSize(flows.size());
        assertThat(a.confidence()).hasSize(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            assertThat(a.hostOf()[i]).isBetween(0, a.hostCount() - 1);
            assertThat(a.confidence()[i]).isBetween(0.0, 1.0);
        }
        assertThat(a.hosts().stream().mapToLong(HostProfile::flows).sum()).isEqualTo(flows.size());
        // the clustered part is what clustering those flows alone gives
        AddressHosts first = HostInference.address(PUBLIC, flows.subList(0, clustered));
        assertThat(a.hostCount()).isEqualTo(first.hostCount());
        for (int i = 0; i < clustered; i++) {
            assertThat(a.hostOf()[i]).isEqualTo(first.hostOf()[i]);
        }
    }
}
