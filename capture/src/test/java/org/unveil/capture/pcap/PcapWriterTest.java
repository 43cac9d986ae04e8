package org.unveil.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureFormat;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Frame;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.Payloads;
import org.unveil.capture.PcapngBuilder;
import org.unveil.capture.Reading;

class PcapWriterTest {
    private static final long T0_NANOS = 1_700_000_000L * 1_000_000_000L;

    @TempDir
    Path dir;

    /** The frame without where it lay in its file, which a copy to another file changes. */
    private static Frame content(Frame f) {
        return new Frame(f.number(), f.timestampNanos(), f.capturedLength(), f.originalLength(), f.linkType(),
                f.interfaceId(), 0, f.hex());
    }

    /** Copies every packet of {@code source} to a new pcap file through {@link PcapWriter}. */
    private Path copy(Path source, int linkType, int snaplen) throws IOException {
        Path target = dir.resolve("copy.pcap");
        try (CaptureReader reader = Captures.open(source.toString(), p -> { });
                PcapWriter writer = new PcapWriter(Files.newOutputStream(target), linkType, snaplen)) {
            Packet packet = new Packet();
            while (reader.next(packet)) {
                writer.write(packet);
            }
        }
        return target;
    }

    @Test
    void packetsFromANanosecondPcapngInterfaceKeepTimestampsLengthsBytesAndLinkType() throws IOException {
        // raw IP on interface 1 (nanoseconds); a big-endian section, so every field changes byte order on copy
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN);
        ng.iface(LinkType.RAW, 65535, PcapngBuilder.RESOL_MICROS, 0);
        int raw = ng.iface(LinkType.RAW, 65535, PcapngBuilder.RESOL_NANOS, 0);
        ng.epb(raw, T0_NANOS + 1, Payloads.pattern(60, 1))
                .epb(raw, T0_NANOS + 999_999_999, Payloads.pattern(61, 2), 1500, true) // cut by a snaplen
                .epb(raw, T0_NANOS + 1_000_000_000, new byte[0])
                .epb(raw, 3_000_000_000L * 1_000_000_000L + 7, Payloads.pattern(20, 3)); // past 2038: > 2^31 s
        Path source = ng.write(dir.resolve("source.pcapng"));

        Path copy = copy(source, LinkType.RAW, 65535);

        List<Frame> read = Reading.of(copy).frames();
        assertThat(read).extracting(PcapWriterTest::content).containsExactlyElementsOf(
                ng.frames().stream().map(f -> new Frame(f.number(), f.timestampNanos(), f.capturedLength(),
                        f.originalLength(), f.linkType(), 0, 0, f.hex())).toList());
        assertThat(read).extracting(Frame::timestampNanos).containsExactly(T0_NANOS + 1, T0_NANOS + 999_999_999,
                T0_NANOS + 1_000_000_000, 3_000_000_000_000_000_007L);
        try (CaptureReader reader = Captures.open(copy.toString(), p -> { })) {
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAP_NANO);
            assertThat(reader.linkTypes()).containsExactly(LinkType.RAW);
            assertThat(((PcapReader) reader).snaplen()).isEqualTo(65535);
        }
    }

    @Test
    void writesTheExactLittleEndianNanosecondLayout() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(out, LinkType.ETHERNET, 262144)) {
            writer.write(Packet.of(LinkType.ETHERNET, 0x0102_0304L * 1_000_000_000L + 0x0506_0708L,
                    new byte[] {(byte) 0xAA, (byte) 0xBB}));
            assertThat(writer.packetsWritten()).isEqualTo(1);
            assertThat(writer.linkType()).isEqualTo(LinkType.ETHERNET);
        }

        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(
                "4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000"
                        + "04030201" + "08070605" + "02000000" + "02000000" + "aabb");
    }

    @Test
    void packetLargerThanTheUsualMaximumIsCopiedWhole() throws IOException {
        byte[] big = Payloads.pattern(300_000, 5);
        Path file = dir.resolve("big.pcap");
        try (OutputStream out = Files.newOutputStream(file);
                PcapWriter writer = new PcapWriter(out, LinkType.RAW, 1 << 20)) {
            writer.write(Packet.of(LinkType.RAW, T0_NANOS, Payloads.pattern(10, 1)));
            writer.write(Packet.of(LinkType.RAW, T0_NANOS + 1, big));
            writer.write(Packet.of(LinkType.RAW, T0_NANOS + 2, Payloads.pattern(10, 2)));
        }

        Reading read = Reading.of(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.frames()).hasSize(3);
        assertThat(read.frames().get(1).capturedLength()).isEqualTo(300_000);
        assertThat(read.frames().get(1).hex()).isEqualTo(HexFormat.of().formatHex(big));
        assertThat(read.frames().get(2).hex()).isEqualTo(HexFormat.of().formatHex(Payloads.pattern(10, 2)));
    }

    @Test
    void refusesAPacketOfAnotherLinkTypeAndKeepsTheFileValid() throws IOException {
        Path file = dir.resolve("refused.pcap");
        try (PcapWriter writer = new PcapWriter(Files.newOutputStream(file), LinkType.ETHERNET, 65535)) {
            writer.write(Packet.of(LinkType.ETHERNET, T0_NANOS, Payloads.pattern(14, 1)));

            assertThatThrownBy(() -> writer.write(Packet.of(LinkType.RAW, T0_NANOS + 1, Payloads.pattern(20, 2))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("link type " + LinkType.RAW)
                    .hasMessageContaining("opened for " + LinkType.ETHERNET);
            assertThat(writer.packetsWritten()).isEqualTo(1);
        }

        List<Frame> read = new ArrayList<>(Reading.of(file).frames());
        assertThat(read).singleElement().satisfies(f -> {
            assertThat(f.linkType()).isEqualTo(LinkType.ETHERNET);
            assertThat(f.timestampNanos()).isEqualTo(T0_NANOS);
        });
    }

    @Test
    void aPacketLongerThanTheSnaplenIsCutToItAndKeepsItsOriginalLength() throws IOException {
        Path file = dir.resolve("cut.pcap");
        try (PcapWriter writer = new PcapWriter(Files.newOutputStream(file), LinkType.RAW, 100)) {
            writer.write(Packet.of(LinkType.RAW, T0_NANOS, Payloads.pattern(150, 3)));
            writer.write(Packet.of(LinkType.RAW, T0_NANOS + 1, Payloads.pattern(100, 4)));
        }

        Reading read = Reading.of(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.frames()).extracting(Frame::capturedLength).containsExactly(100, 100);
        assertThat(read.frames()).extracting(Frame::originalLength).containsExactly(150, 100);
        assertThat(read.frames().get(0).hex()).isEqualTo(HexFormat.of().formatHex(Payloads.pattern(150, 3), 0, 100));
    }

    @Test
    void refusesATimePcapCannotHoldAndKeepsTheFileValid() throws IOException {
        Path file = dir.resolve("times.pcap");
        try (PcapWriter writer = new PcapWriter(Files.newOutputStream(file), LinkType.RAW, 65535)) {
            writer.write(Packet.of(LinkType.RAW, 0, Payloads.pattern(20, 1))); // 1970-01-01T00:00:00Z: the first
            assertThatThrownBy(() -> writer.write(Packet.of(LinkType.RAW, -1, Payloads.pattern(20, 2))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1969-12-31T23:59:59Z").hasMessageContaining("1970 to 2106")
                    .hasMessageContaining(".pcapng");
            assertThatThrownBy(() -> writer.write(Packet.of(LinkType.RAW, (1L << 32) * 1_000_000_000L,
                    Payloads.pattern(20, 3)))).hasMessageContaining("2106-02-07T06:28:16Z");
            writer.write(Packet.of(LinkType.RAW, ((1L << 32) - 1) * 1_000_000_000L, Payloads.pattern(20, 4)));
        }

        assertThat(Reading.of(file).frames()).extracting(Frame::timestampNanos)
                .containsExactly(0L, ((1L << 32) - 1) * 1_000_000_000L);
    }
}
