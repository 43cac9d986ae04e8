package org.unveil.hosts;

import java.nio.file.Path;
import java.util.List;

/** Dev harness (temporary): each host of one address with its flows. */
final class HostDump {
    public static void main(String[] args) throws Exception {
        List<AddressHosts> r = HostInference.infer(RealCorpus.evidence(Path.of(args[0])), args[1]);
        org.unveil.hosts.truth.TruthMatcher truth = args.length > 2
                ? new org.unveil.hosts.truth.TruthMatcher(org.unveil.synth.label.LabelCsv.readNat(Path.of(args[2]))) : null;
        for (AddressHosts a : r) {
            System.out.println(a.address() + " " + a.hostCount() + " (" + a.hostCountLow() + ".." + a.hostCountHigh() + ")");
            for (int h = 0; h < a.hosts().size(); h++) {
                System.out.println("  " + a.hosts().get(h));
                for (int i = 0; i < a.flows().size(); i++) {
                    if (a.hostOf()[i] == h) {
                        FlowEvidence f = a.flows().get(i);
                        System.out.printf("    %.3f p%d %s:%d>%s:%d ttl%d os=%s ipid=%s ua=%s syn=%s conf=%.3f %s hz=%s%n", f.firstNanos() / 1e9,
                                f.protocol(), f.client(), f.clientPort(), f.server(), f.serverPort(), f.initialTtl(), f.os(),
                                f.ipid() == null ? null : f.ipid().kind() + ":" + f.ipid().first() + "-" + f.ipid().last() + "/" + f.ipid().count(), f.userAgent(), f.syn() == null ? null : f.syn().layout(), a.confidence()[i],
                                truth == null ? "" : truth.hostOf(f), f.clock() == null ? null : f.clock().nominalHz());
                    }
                }
            }
        }
    }
}
