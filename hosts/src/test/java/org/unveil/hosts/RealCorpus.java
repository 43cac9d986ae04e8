package org.unveil.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.oracle.Corpus;

/** The corpus's real single-host captures ({@code hosts-real/}, catalogued), or a skipped test without them. */
final class RealCorpus {
    private RealCorpus() {
    }

    /** The corpus folder holding {@code hosts-real/}; skips the calling test, saying why, when it is absent. */
    static Path require() {
        Path root = Corpus.root();
        Assumptions.assumeTrue(Files.isDirectory(root.resolve("hosts-real")),
                "real-host captures not found at " + root.resolve("hosts-real")
                        + " (set UNVEIL_CORPUS); skipping real-stack host tests");
        return root;
    }

    /** The evidence of every flow in {@code pcap}. */
    static List<FlowEvidence> evidence(Path pcap) throws IOException {
        EvidenceCollector collector = new EvidenceCollector();
        try (CaptureReader reader = Captures.open(pcap.toString(), problem -> { })) {
            Packet packet = new Packet();
            PacketLayers layers = new PacketLayers();
            while (reader.next(packet)) {
                collector.add(packet, PacketDecoder.decode(packet, layers));
            }
        }
        return collector.flows();
    }
}
