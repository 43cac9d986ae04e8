package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.hosts.truth.Calibration;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.labels.LabelCsv;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.natify.NatCase;

/**
 * A flow's confidence is the probability that its host is right (issue 14): over the real-stack suite, against
 * natify's labels, each confidence bin's share of right flows lies within 0.1 of its mean confidence. The map
 * from raw scores was fitted on the synthetic mixes, so this checks it on captures it never saw.
 */
class ConfidenceCalibrationTest {
    private static final double[] BINS = {0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0001};
    /** Bins with fewer flows say little (one wrong flow in ten moves the share by 0.1). */
    private static final int MIN_FLOWS = 20;

    @TempDir
    Path dir;

    @Test
    void confidenceMatchesHowOftenTheHostIsRightOnRealMachines() throws IOException {
        Path corpus = RealCorpus.require();
        int[] flows = new int[BINS.length - 1];
        int[] right = new int[BINS.length - 1];
        double[] sum = new double[BINS.length - 1];
        double brier = 0;
        int n = 0;
        for (NatCase c : RealStackNatAccuracyTest.cases()) {
            Path pcap = dir.resolve(c.name() + ".pcap");
            Path labels = dir.resolve(c.name() + ".csv");
            try (OutputStream out = Files.newOutputStream(pcap);
                    Writer l = Files.newBufferedWriter(labels, StandardCharsets.UTF_8)) {
                c.write(corpus, Ipv4.parse("192.0.2.1"), out, l, 1);
            }
            AddressHosts a = HostInference.infer(RealCorpus.evidence(pcap), "192.0.2.1").getFirst();
            int[] correct = Calibration.correct(a, new TruthMatcher(LabelCsv.readNat(labels)));
            for (int i = 0; i < correct.length; i++) {
                if (correct[i] < 0) {
                    continue;
                }
                double p = a.confidence()[i];
                int bin = 0;
                while (p >= BINS[bin + 1]) {
                    bin++;
                }
                flows[bin]++;
                right[bin] += correct[i];
                sum[bin] += p;
                brier += (p - correct[i]) * (p - correct[i]);
                n++;
            }
        }
        assertThat(n).isGreaterThan(1000);
        for (int b = 0; b < flows.length; b++) {
            if (flows[b] >= MIN_FLOWS) {
                assertThat((double) right[b] / flows[b]).as("bin %.2f..%.2f, %d flows", BINS[b], BINS[b + 1], flows[b])
                        .isCloseTo(sum[b] / flows[b], org.assertj.core.data.Offset.offset(0.1));
            }
        }
        assertThat(brier / n).as("Brier score").isLessThan(0.07);
    }
}
