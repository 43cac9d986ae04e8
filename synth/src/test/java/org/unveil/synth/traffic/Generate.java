package org.unveil.synth.traffic;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unveil.synth.model.HostProfile;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;

/** Runs a scenario into files of a test folder. */
final class Generate {
    static final long MINUTE = 60_000_000_000L;

    record Files3(Path pcap, Path labels, Path hosts, SyntheticCapture.Result result) {
    }

    static Scenario scenario(long seed, long durationNanos, List<HostProfile> hosts, NatModel nat, PathModel path,
            double rate) {
        return new Scenario(seed, Scenario.DEFAULT_START_NANOS, durationNanos, 0, hosts, nat, path, rate, 20_000);
    }

    static Files3 run(Path dir, String name, Scenario scenario) throws IOException {
        Path pcap = dir.resolve(name + ".pcap");
        Path labels = dir.resolve(name + ".labels.csv");
        Path hosts = dir.resolve(name + ".hosts.csv");
        SyntheticCapture capture = new SyntheticCapture(scenario);
        SyntheticCapture.Result r;
        try (OutputStream out = Files.newOutputStream(pcap);
                Writer l = Files.newBufferedWriter(labels, StandardCharsets.UTF_8);
                Writer h = Files.newBufferedWriter(hosts, StandardCharsets.UTF_8)) {
            r = capture.run(out, l);
            HostsCsv.write(h, scenario.hosts(), capture.serverProfiles());
        }
        return new Files3(pcap, labels, hosts, r);
    }
}
