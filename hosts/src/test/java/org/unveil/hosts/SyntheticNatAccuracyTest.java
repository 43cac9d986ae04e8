package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.unveil.hosts.truth.AttributionScore;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.labels.LabelCsv;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;
import org.unveil.synth.traffic.Scenario;

/**
 * Host discovery on labelled synthetic NAT captures (module synth: seeded, so the same bytes every run): the
 * labels say which host sent each flow, the generator's models say how each stack numbers and stamps. A
 * regression guard for the accuracy table in hosts/README.md, on five minutes of traffic per mix.
 */
class SyntheticNatAccuracyTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} mix: {1} hosts, ARI at least {2}")
    @CsvSource({"home, 6, 0.95", "legacy, 6, 0.95", "all, 12, 0.8"})
    void hostsBehindASyntheticNatAreCountedAndTheirFlowsAttributed(String mix, int hosts, double minimumAri)
            throws IOException {
        Scenario scenario = new Scenario(3, Scenario.DEFAULT_START_NANOS, 300_000_000_000L, 0,
                HostMix.named(mix).hosts(hosts, Ipv4.parse("10.0.0.10"), new SplittableRandom(3)),
                new NatModel(NatModel.Mode.PRESERVE, Ipv4.parse("192.0.2.1")), new PathModel(0, 0, 0), 0.5, 100_000);
        Path labels = dir.resolve(mix + ".csv");
        List<FlowEvidence> flows = SyntheticEvidence.collect(scenario, dir.resolve(mix + ".pcap"), labels);
        List<AddressHosts> result = HostInference.infer(flows, "192.0.2.1");
        assertThat(result).hasSize(1);
        AddressHosts a = result.getFirst();
        TruthMatcher truth = new TruthMatcher(LabelCsv.readNat(labels));
        AttributionScore score = new AttributionScore();
        for (int i = 0; i < a.flows().size(); i++) {
            String host = truth.hostOf(a.flows().get(i));
            assertThat(host).as("every public flow has its label").isNotNull();
            score.add(host, a.hosts().get(a.hostOf()[i]).id());
        }
        assertThat(score.trueHosts()).isEqualTo(hosts);
        assertThat(a.hostCountLow()).isLessThanOrEqualTo(hosts);
        assertThat(a.hostCountHigh()).isGreaterThanOrEqualTo(hosts);
        assertThat(score.adjustedRandIndex()).isGreaterThanOrEqualTo(minimumAri);
    }
}
