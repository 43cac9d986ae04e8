package org.unveil.capture.pcapng;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.oracle.ExternalTool;

/** What the pcapng writer writes reads back the same, with several link types in one file, and tshark reads it. */
class PcapngWriterTest {
    @TempDir
    Path dir;

    /** Three packets: raw IPv4, Ethernet, raw IPv4 again; odd lengths so the padding is exercised. */
    private static List<Packet> packets() {
        return List.of(Packet.of(LinkType.RAW, 1_700_000_000_123_456_789L, new byte[] {0x45, 1, 2, 3, 4}),
                Packet.of(LinkType.ETHERNET, 1_700_000_001_000_000_001L, new byte[14 + 7]),
                Packet.of(LinkType.RAW, 1_700_000_002_999_999_999L, new byte[] {0x45, 9}));
    }

    private Path write(List<Packet> packets, String comment) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(bytes, 65535, comment)) {
            for (Packet p : packets) {
                w.write(p);
            }
            assertThat(w.packetsWritten()).isEqualTo(packets.size());
        }
        return Files.write(dir.resolve("out.pcapng"), bytes.toByteArray());
    }

    @Test
    void packetsReadBackWithTheirNanosecondsLengthsLinkTypesAndBytes() throws IOException {
        List<Packet> written = packets();
        Path file = write(written, "unveil trace x.pcap --xff 192.0.2.1");
        List<CaptureProblem> problems = new ArrayList<>();
        Packet read = new Packet();
        try (CaptureReader reader = Captures.open(file.toString(), problems::add)) {
            for (Packet p : written) {
                assertThat(reader.next(read)).isTrue();
                assertThat(read.timestampNanos()).isEqualTo(p.timestampNanos());
                assertThat(read.linkType()).isEqualTo(p.linkType());
                assertThat(read.capturedLength()).isEqualTo(p.capturedLength());
                assertThat(read.originalLength()).isEqualTo(p.originalLength());
                for (int i = 0; i < p.capturedLength(); i++) {
                    assertThat(read.buffer().get(ValueLayout.JAVA_BYTE, read.offset() + i))
                            .isEqualTo(p.buffer().get(ValueLayout.JAVA_BYTE, p.offset() + i));
                }
            }
            assertThat(reader.next(read)).isFalse();
            assertThat(reader.format().label()).startsWith("pcapng");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aFileWithoutPacketsIsAValidCapture() throws IOException {
        Path file = write(List.of(), null);
        try (CaptureReader reader = Captures.open(file.toString(), p -> {
            throw new AssertionError(p.toString());
        })) {
            assertThat(reader.next(new Packet())).isFalse();
            assertThat(reader.readAnything()).isTrue();
        }
    }

    @Test
    void tsharkReadsItAndSeesTheComment() throws Exception {
        ExternalTool.require("capinfos");
        Path file = write(packets(), "chosen by unveil trace");
        String info = ExternalTool.run(List.of("capinfos", "-c", "-k", "-F", file.toString()));
        assertThat(info).contains("Number of packets:").containsPattern("Number of packets:\\s+3")
                .contains("chosen by unveil trace");
    }
}
