package org.unveil.hosts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.synth.traffic.Scenario;
import org.unveil.synth.traffic.SyntheticCapture;

/** A synthetic scenario written as a capture and its labels, then read back into flow evidence. */
final class SyntheticEvidence {
    private SyntheticEvidence() {
    }

    /** Writes {@code pcap} and {@code labels}; returns the evidence of every flow in the capture. */
    static List<FlowEvidence> collect(Scenario scenario, Path pcap, Path labels) throws IOException {
        StringWriter labelText = new StringWriter();
        try (OutputStream out = Files.newOutputStream(pcap)) {
            new SyntheticCapture(scenario).run(out, labelText);
        }
        Files.writeString(labels, labelText.toString());
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
