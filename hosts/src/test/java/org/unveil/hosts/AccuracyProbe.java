package org.unveil.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.unveil.hosts.truth.AttributionScore;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.synth.label.LabelCsv;

/** Dev harness (temporary): count, range, ARI and confidence/correctness per flow over captures in a folder. */
final class AccuracyProbe {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        java.util.List<Path> pcaps;
        try (var s = Files.list(dir)) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        try (var out = Files.newBufferedWriter(Path.of(args[1]))) {
            for (Path pcap : pcaps) {
                String name = pcap.getFileName().toString().replace(".pcap", "");
                if (args.length > 2 && !name.matches(args[2])) {
                    continue;
                }
                Path csv = Path.of(pcap.toString().replace(".pcap", ".csv"));
                TruthMatcher truth = new TruthMatcher(LabelCsv.readNat(csv));
                List<AddressHosts> r = HostInference.infer(RealCorpus.evidence(pcap), "192.0.2.1");
                AddressHosts a = r.getFirst();
                AttributionScore score = truth.score(a, p -> true);
                var correct = org.unveil.hosts.truth.Calibration.correct(a, truth);
                int n = 0;
                for (int i = 0; i < a.flows().size(); i++) {
                    if (correct[i] >= 0) {
                        out.write(name + "," + a.confidence()[i] + "," + correct[i] + "\n");
                        n++;
                    }
                }
                int t = score.trueHosts();
                System.out.printf(Locale.ROOT, "%-22s true %2d est %2d range %d..%d %s %s ARI %.3f%n", name, t,
                        a.hostCount(), a.hostCountLow(), a.hostCountHigh(), t == a.hostCount() ? "exact" : "-----",
                        a.hostCountLow() <= t && t <= a.hostCountHigh() ? "in" : "OUT", score.adjustedRandIndex());
            }
        }
    }
}
