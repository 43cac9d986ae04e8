package org.unveil.capture.pcapng;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
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

    private Path write(List<Packet> packets, int snaplen) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(bytes, snaplen, null)) {
            for (Packet p : packets) {
                w.write(p);
            }
        }
        return Files.write(dir.resolve("out-" + snaplen + ".pcapng"), bytes.toByteArray());
    }

    private static List<Packet> readAll(Path file, List<CaptureProblem> problems) throws IOException {
        List<Packet> out = new ArrayList<>();
        try (CaptureReader reader = Captures.open(file.toString(), problems::add)) {
            for (Packet p = new Packet(); reader.next(p); p = new Packet()) {
                byte[] copy = new byte[p.capturedLength()];
                MemorySegment.copy(p.buffer(), ValueLayout.JAVA_BYTE, p.offset(), copy, 0, copy.length);
                Packet kept = new Packet();
                kept.set(p.number(), p.timestampNanos(), p.linkType(), 0, 0, MemorySegment.ofArray(copy), 0,
                        copy.length, p.originalLength());
                out.add(kept);
            }
        }
        return out;
    }

    @Test
    void aLongCommentIsCutBeforeACharacterNotInsideOne() throws IOException {
        // ASCII up to one byte short of the limit, then characters of two, three and four bytes across it
        for (String tail : List.of("é", "€", "😀", "a😀")) {
            String comment = "a".repeat(PcapngWriter.MAX_COMMENT - 1) + tail + "tail";
            byte[] kept = PcapngWriter.utf8Prefix(comment, PcapngWriter.MAX_COMMENT);
            assertThat(kept.length).as(tail).isLessThanOrEqualTo(PcapngWriter.MAX_COMMENT);
            String decoded = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(kept)).toString();
            assertThat(comment).as(tail).startsWith(decoded);
            assertThat(decoded.length()).as(tail).isGreaterThanOrEqualTo(PcapngWriter.MAX_COMMENT - 1);
        }
        assertThat(PcapngWriter.utf8Prefix("café", 100)).isEqualTo("café".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // and in the file: the section header's comment option holds valid UTF-8
        Path file = write(List.of(), "é".repeat(PcapngWriter.MAX_COMMENT));
        byte[] all = Files.readAllBytes(file);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = 24; // the section header's options
        byte[] comment = null;
        while (b.getShort(at) != 0) {
            int code = b.getShort(at);
            int length = b.getShort(at + 2) & 0xFFFF;
            if (code == 1) {
                comment = java.util.Arrays.copyOfRange(all, at + 4, at + 4 + length);
            }
            at += 4 + ((length + 3) & ~3);
        }
        assertThat(comment).hasSize(PcapngWriter.MAX_COMMENT); // 1024 whole characters of two bytes
        assertThat(new String(comment, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("é".repeat(1024));
        String odd = "a" + "é".repeat(PcapngWriter.MAX_COMMENT);
        assertThat(PcapngWriter.utf8Prefix(odd, PcapngWriter.MAX_COMMENT)).hasSize(PcapngWriter.MAX_COMMENT - 1);
    }

    @Test
    void packetsFromBefore1970ReadBackAtTheirTimes() throws IOException {
        long[] times = {-1L, -86_400L * 365 * 1_000_000_000L - 123, Long.MIN_VALUE + 1_000_000_000L, 0L,
                1_700_000_000_000_000_001L};
        List<Packet> written = new ArrayList<>();
        for (long t : times) {
            written.add(Packet.of(LinkType.RAW, t, new byte[] {0x45, 1, 2}));
        }
        written.add(Packet.of(LinkType.ETHERNET, -5_000_000_000L, new byte[14]));
        List<CaptureProblem> problems = new ArrayList<>();
        List<Packet> read = readAll(write(written, 65535), problems);
        assertThat(problems).isEmpty();
        assertThat(read).extracting(Packet::timestampNanos)
                .containsExactlyElementsOf(written.stream().map(Packet::timestampNanos).toList());
        assertThat(read).extracting(Packet::linkType)
                .containsExactlyElementsOf(written.stream().map(Packet::linkType).toList());
    }

    @Test
    void tsharkReadsPacketsFromBefore1970AtTheirTimes() throws Exception {
        ExternalTool.require("tshark");
        // a whole second: tshark prints a negative time with a fraction as seconds and nanoseconds apart
        Path file = write(List.of(Packet.of(LinkType.RAW, -86_400_000_000_000L, new byte[] {0x45, 1, 2}),
                Packet.of(LinkType.RAW, 1_700_000_000_000_000_007L, new byte[] {0x45, 1, 2})), 65535);
        String epochs = ExternalTool.run(List.of("tshark", "-r", file.toString(), "-T", "fields", "-e",
                "frame.time_epoch"));
        assertThat(epochs.lines().map(String::strip).toList()).containsExactly("-86400.000000000",
                "1700000000.000000007");
    }

    @Test
    void aPacketLongerThanTheSnaplenIsCutToItWithItsWireLengthKept() throws IOException {
        byte[] big = new byte[100];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        List<CaptureProblem> problems = new ArrayList<>();
        List<Packet> read = readAll(write(List.of(Packet.of(LinkType.RAW, 1, big),
                Packet.of(LinkType.RAW, 2, new byte[] {0x45, 7})), 64), problems);
        assertThat(problems).isEmpty();
        assertThat(read).hasSize(2);
        assertThat(read.get(0).capturedLength()).isEqualTo(64);
        assertThat(read.get(0).originalLength()).isEqualTo(100);
        for (int i = 0; i < 64; i++) {
            assertThat(read.get(0).buffer().get(ValueLayout.JAVA_BYTE, i)).isEqualTo((byte) i);
        }
        assertThat(read.get(1).capturedLength()).isEqualTo(2);
    }
}
