package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.hosts.truth.Calibration;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.labels.LabelCsv;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;
import org.unveil.synth.traffic.Scenario;

/**
 * The confidence map ({@code cluster.ConfidenceMap}) is fitted on the synthetic mixes, never on the real suite
 * ({@link ConfidenceCalibrationTest} checks it there): the ten mixes of bench/hosts-accuracy (home, office, legacy,
 * linux, all; ports kept and drawn at random; seed 3, ten minutes each), scored against the generator's labels.
 * Each mapped value stands for one band of raw scores, so the flows given that value, taken together, must be
 * right that often. Prints the shares to refit the map from. About ten seconds.
 */
class SyntheticCalibrationTest {
    /** A band with fewer flows says little about its share. */
    private static final int MIN_FLOWS = 500;
    /** How far a band's share right may lie from the value the map gives it. */
    private static final double TOLERANCE = 0.02;

    @TempDir
    Path dir;

    @Test
    void eachMappedConfidenceIsHowOftenSuchFlowsAreRightOnTheSyntheticMixes() throws IOException {
        Map<Double, int[]> bands = new TreeMap<>(); // mapped value -> {flows, right}
        for (NatModel.Mode mode : List.of(NatModel.Mode.PRESERVE, NatModel.Mode.RANDOM)) {
            for (String name : List.of("home", "office", "legacy", "linux", "all")) {
                HostMix mix = HostMix.named(name);
                Scenario scenario = new Scenario(3, Scenario.DEFAULT_START_NANOS, 600_000_000_000L, 0,
                        mix.hosts(mix.defaultHosts(), Ipv4.parse("10.0.0.10"), new SplittableRandom(3)),
                        new NatModel(mode, Ipv4.parse("192.0.2.1")), new PathModel(0, 0, 0), 0.5, 500 * 1024);
                Path labels = dir.resolve(name + "-" + mode + ".csv");
                List<FlowEvidence> flows = SyntheticEvidence.collect(scenario, dir.resolve(name + ".pcap"), labels);
                AddressHosts a = HostInference.infer(flows, "192.0.2.1").getFirst();
                int[] correct = Calibration.correct(a, new TruthMatcher(LabelCsv.readNat(labels)));
                for (int i = 0; i < correct.length; i++) {
                    double p = a.confidence(i);
                    if (correct[i] >= 0 && p >= 0.5) {
                        int[] band = bands.computeIfAbsent(p, k -> new int[2]);
                        band[0]++;
                        band[1] += correct[i];
                    }
                }
            }
        }
        bands.forEach((p, band) -> System.out.printf("mapped %.3f: %d flows, right %.4f%n", p, band[0],
                (double) band[1] / band[0]));
        int checked = 0;
        for (Map.Entry<Double, int[]> e : bands.entrySet()) {
            int[] band = e.getValue();
            if (band[0] >= MIN_FLOWS) {
                checked++;
                assertThat((double) band[1] / band[0]).as("flows mapped to %.3f (%d)", e.getKey(), band[0])
                        .isCloseTo(e.getKey(), org.assertj.core.data.Offset.offset(TOLERANCE));
            }
        }
        assertThat(checked).as("bands with enough flows to check").isGreaterThanOrEqualTo(2);
    }
}
