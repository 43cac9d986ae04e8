package org.unveil.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureFormat;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Frame;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.PcapBuilder;
import org.unveil.capture.PcapBuilder.Variant;
import org.unveil.capture.Payloads;
import org.unveil.capture.Reading;
import org.unveil.capture.io.MappedFileWindow;

class PcapReaderTest {
    /** 2023-11-14T22:13:20Z: a realistic capture time. */
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    static Stream<Arguments> everyLayout() {
        List<Arguments> all = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (ByteOrder o : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                all.add(Arguments.of(v, o));
            }
        }
        return all.stream();
    }

    /** Three packets: a full one, an empty one, one cut to 20 of 1514 bytes by the snaplen. */
    private static PcapBuilder threePackets(Variant variant, ByteOrder order) {
        return PcapBuilder.ethernet(variant, order)
                .record(T0, 1, Payloads.pattern(60, 1))
                .record(T0 + 1, 0, new byte[0])
                .record(T0 + 2, 999_999, Payloads.pattern(20, 2), 1514);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyLayout")
    void deliversEveryRecordWithItsFieldsInEachByteOrderAndMagic(Variant variant, ByteOrder order)
            throws IOException {
        PcapBuilder pcap = threePackets(variant, order);
        Path file = pcap.write(dir.resolve("three.pcap"));

        Reading read = Reading.of(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.frames()).containsExactlyElementsOf(pcap.frames());
        assertThat(read.frames().get(2).capturedLength()).isEqualTo(20);
        assertThat(read.frames().get(2).originalLength()).isEqualTo(1514);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyLayout")
    void reportsFormatLinkTypeSnaplenAndSize(Variant variant, ByteOrder order) throws IOException {
        PcapBuilder pcap = new PcapBuilder(variant, order, LinkType.LINUX_SLL, 4096)
                .record(T0, 0, Payloads.pattern(10, 3));
        Path file = pcap.write(dir.resolve("one.pcap"));

        try (CaptureReader reader = Captures.open(file.toString(), p -> { })) {
            assertThat(reader).isInstanceOf(PcapReader.class);
            assertThat(reader.format()).isEqualTo(switch (variant) {
                case MICROS -> CaptureFormat.PCAP;
                case NANOS -> CaptureFormat.PCAP_NANO;
                case MODIFIED -> CaptureFormat.PCAP_MODIFIED;
            });
            assertThat(((PcapReader) reader).snaplen()).isEqualTo(4096);
            assertThat(reader.linkTypes()).containsExactly(LinkType.LINUX_SLL);
            assertThat(reader.size()).isEqualTo(Files.size(file));
            assertThat(reader.source()).isEqualTo(file.toString());
            assertThat(reader.position()).isEqualTo(24);
            assertThat(reader.next(new Packet())).isTrue();
            assertThat(reader.position()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void modifiedPcapRecordsAreTwentyFourBytesApart() throws IOException {
        PcapBuilder pcap = threePackets(Variant.MODIFIED, ByteOrder.LITTLE_ENDIAN);
        Path file = pcap.write(dir.resolve("modified.pcap"));

        List<Frame> read = Reading.of(file).frames();

        // offsets 24, 24+24+60, 24+24+60+24+0: the 8 extra header bytes are not taken as packet data
        assertThat(read).extracting(Frame::fileOffset).containsExactly(24L, 108L, 132L);
        assertThat(read.get(0).hex()).isEqualTo(pcap.frames().get(0).hex());
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void linkTypeIgnoresTheFcsBitsAboveIt(Variant variant) throws IOException {
        // FCS length 4 (bits 28-31) with the F bit (27) set, and a reserved bit (16): link type is still 1
        int upper = (4 << 28) | (1 << 27) | (1 << 16);
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            PcapBuilder pcap = new PcapBuilder(variant, order, LinkType.ETHERNET, upper, 65535)
                    .record(T0, 5, Payloads.pattern(64, 4));
            Path file = pcap.write(dir.resolve("fcs-" + order + ".pcap"));

            try (CaptureReader reader = Captures.open(file.toString(), p -> { })) {
                assertThat(reader.linkTypes()).containsExactly(LinkType.ETHERNET);
                Packet p = new Packet();
                assertThat(reader.next(p)).isTrue();
                assertThat(p.linkType()).isEqualTo(LinkType.ETHERNET);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ByteOrderName.class)
    void nanosecondTimestampsAreExact(ByteOrderName order) throws IOException {
        PcapBuilder pcap = PcapBuilder.ethernet(Variant.NANOS, order.order)
                .record(T0, 0, Payloads.pattern(1, 1))
                .record(T0, 1, Payloads.pattern(1, 2))
                .record(T0, 999_999_999, Payloads.pattern(1, 3))
                .record(0xFFFF_FFFFL, 123_456_789, Payloads.pattern(1, 4)); // 2106, seconds field all ones
        Path file = pcap.write(dir.resolve("ns.pcap"));

        assertThat(Reading.of(file).frames()).extracting(Frame::timestampNanos).containsExactly(
                1_700_000_000_000_000_000L,
                1_700_000_000_000_000_001L,
                1_700_000_000_999_999_999L,
                4_294_967_295_123_456_789L);
    }

    @ParameterizedTest
    @EnumSource(value = ByteOrderName.class)
    void microsecondTimestampsBecomeExactNanoseconds(ByteOrderName order) throws IOException {
        PcapBuilder pcap = PcapBuilder.ethernet(Variant.MICROS, order.order)
                .record(T0, 1, Payloads.pattern(1, 1))
                .record(T0, 999_999, Payloads.pattern(1, 2));
        Path file = pcap.write(dir.resolve("us.pcap"));

        assertThat(Reading.of(file).frames()).extracting(Frame::timestampNanos).containsExactly(
                1_700_000_000_000_001_000L, 1_700_000_000_999_999_000L);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyLayout")
    void lastRecordCutShortIsFatalAtItsOffsetAfterEveryEarlierPacket(Variant variant, ByteOrder order)
            throws IOException {
        PcapBuilder pcap = threePackets(variant, order);
        long lastRecord = pcap.offset();
        pcap.record(T0 + 3, 0, Payloads.pattern(100, 9));
        byte[] whole = pcap.toArray();
        // keep the last record's header and 40 of its 100 bytes
        Path file = Files.write(dir.resolve("cut.pcap"),
                Arrays.copyOf(whole, (int) lastRecord + variant.recordHeader() + 40));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(pcap.frames().subList(0, 3));
        assertThat(read.problems()).hasSize(1);
        CaptureProblem problem = read.problems().getFirst();
        assertThat(problem.fatal()).isTrue();
        assertThat(problem.offset()).isEqualTo(lastRecord);
        assertThat(problem.source()).isEqualTo(file.toString());
        assertThat(problem.message()).contains("cut short").contains("40 of 100");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyLayout")
    void lastRecordHeaderCutShortIsFatalAtItsOffset(Variant variant, ByteOrder order) throws IOException {
        PcapBuilder pcap = threePackets(variant, order);
        long lastRecord = pcap.offset();
        pcap.record(T0 + 3, 0, Payloads.pattern(100, 9));
        Path file = Files.write(dir.resolve("cut-header.pcap"), Arrays.copyOf(pcap.toArray(), (int) lastRecord + 10));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(pcap.frames().subList(0, 3));
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.offset()).isEqualTo(lastRecord);
            assertThat(p.message()).contains("10 of " + variant.recordHeader());
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyLayout")
    void impossibleRecordLengthInTheMiddleIsReportedAndTheFollowingRecordsAreDelivered(Variant variant,
            ByteOrder order) throws IOException {
        PcapBuilder pcap = threePackets(variant, order);
        // a record claiming 0x7fff0000 bytes (far over the 262144 limit) but holding 80
        long damaged = pcap.damagedRecord(T0 + 3, 0, 0x7FFF_0000, Payloads.pattern(80, 5));
        long resumed = pcap.offset();
        pcap.record(T0 + 4, 0, Payloads.pattern(70, 6))
                .record(T0 + 5, 0, Payloads.pattern(33, 7))
                .record(T0 + 6, 0, Payloads.pattern(44, 8));
        Path file = pcap.write(dir.resolve("damaged.pcap"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(Frame.renumber(pcap.frames()));
        assertThat(read.problems()).extracting(CaptureProblem::offset).containsExactly(damaged, resumed);
        assertThat(read.problems()).noneMatch(CaptureProblem::fatal);
        assertThat(read.problems().get(0).message()).contains("impossible record length").contains("2147418112");
        assertThat(read.problems().get(1).message()).contains("skipping " + (resumed - damaged));
    }

    @Test
    void negativeRecordLengthIsImpossibleToo() throws IOException {
        PcapBuilder pcap = threePackets(Variant.MICROS, ByteOrder.BIG_ENDIAN);
        long damaged = pcap.damagedRecord(T0 + 3, 0, 0xFFFF_FFF0, Payloads.pattern(16, 5));
        pcap.record(T0 + 4, 0, Payloads.pattern(70, 6)).record(T0 + 5, 0, Payloads.pattern(71, 7));
        Path file = pcap.write(dir.resolve("negative.pcap"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(Frame.renumber(pcap.frames()));
        assertThat(read.problems().getFirst().offset()).isEqualTo(damaged);
        assertThat(read.problems().getFirst().message()).contains("4294967280");
    }

    @Test
    void damageWithNothingReadableAfterItEndsTheCaptureWithAFatalProblem() throws IOException {
        PcapBuilder pcap = threePackets(Variant.MICROS, ByteOrder.LITTLE_ENDIAN);
        long damaged = pcap.damagedRecord(T0 + 3, 0, 0x7FFF_0000, Payloads.pattern(80, 5));
        Path file = pcap.write(dir.resolve("damaged-end.pcap"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(pcap.frames());
        assertThat(read.problems()).hasSize(2);
        assertThat(read.problems().getFirst().offset()).isEqualTo(damaged);
        assertThat(read.problems().getFirst().fatal()).isFalse();
        assertThat(read.problems().getLast().fatal()).isTrue();
        assertThat(read.problems().getLast().message()).contains("no readable record");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void fileHeaderCutShortIsACaptureExceptionAtByteZero(Variant variant) throws IOException {
        byte[] header = PcapBuilder.ethernet(variant, ByteOrder.LITTLE_ENDIAN).toArray();
        Path file = Files.write(dir.resolve("short.pcap"), Arrays.copyOf(header, 20));

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining(file.toString())
                .hasMessageEndingWith(": byte 0: only 20 bytes, a pcap file header needs 24")
                .satisfies(e -> assertThat(((CaptureException) e).offset()).isZero());
    }

    @Test
    void constructorRefusesAWindowThatIsNotPcap() throws IOException {
        Path file = Files.write(dir.resolve("text.pcap"), "this is not a capture file at all".getBytes());

        assertThatThrownBy(() -> new PcapReader(new MappedFileWindow(file), "text.pcap", p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("text.pcap: byte 0")
                .hasMessageContaining("not a pcap file");
    }

    @Test
    void headerOnlyFileHasNoPacketsAndNoProblems() throws IOException {
        Path file = PcapBuilder.ethernet(Variant.NANOS, ByteOrder.BIG_ENDIAN).write(dir.resolve("header-only.pcap"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).isEmpty();
        assertThat(read.problems()).isEmpty();
    }

    /** JUnit cannot enumerate {@link ByteOrder}, which is not an enum. */
    enum ByteOrderName {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        ByteOrderName(ByteOrder order) {
            this.order = order;
        }
    }
}
