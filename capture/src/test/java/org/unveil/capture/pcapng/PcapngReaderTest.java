package org.unveil.capture.pcapng;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureFormat;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Frame;
import org.unveil.capture.LinkType;
import org.unveil.capture.Payloads;
import org.unveil.capture.PcapngBuilder;
import org.unveil.capture.Reading;

class PcapngReaderTest {
    private static final long T0 = 1_700_000_000L;
    private static final long T0_MICROS = T0 * 1_000_000L;
    private static final long T0_NANOS = T0 * 1_000_000_000L;

    @TempDir
    Path dir;

    enum Order {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        Order(ByteOrder order) {
            this.order = order;
        }

        Order other() {
            return this == LITTLE ? BIG : LITTLE;
        }
    }

    /**
     * One section with two interfaces (Ethernet, and raw IP in nanoseconds with snaplen 128), every packet
     * block kind, and between them every block a reader must skip: NRB, ISB, DSB, both custom types and a
     * block type no specification defines.
     */
    private static PcapngBuilder everyBlockKind(ByteOrder order) {
        PcapngBuilder ng = new PcapngBuilder().section(order);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        ng.nrb();
        int raw = ng.iface(LinkType.RAW, 128, PcapngBuilder.RESOL_NANOS, 0);
        ng.epb(eth, T0_MICROS + 1, Payloads.pattern(60, 1), 60, true)
                .isb(eth, T0_MICROS + 2)
                .epb(raw, T0_NANOS + 3, Payloads.pattern(41, 2), 1500, false)
                .dsb()
                .opb(raw, T0_NANOS + 4, Payloads.pattern(7, 3), 7)
                .custom(PcapngBuilder.CUSTOM)
                .spb(Payloads.pattern(62, 4), 62)
                .custom(PcapngBuilder.CUSTOM_NO_COPY)
                .block(0x0000_7777, 37)
                .epb(eth, T0_MICROS + 5, new byte[0]);
        return ng;
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void deliversEnhancedSimpleAndObsoletePacketsAndSkipsEveryOtherBlock(Order order) throws IOException {
        PcapngBuilder ng = everyBlockKind(order.order);
        Path file = ng.write(dir.resolve("every-block.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.frames()).containsExactlyElementsOf(ng.frames());
        assertThat(read.frames()).extracting(Frame::linkType).containsExactly(
                LinkType.ETHERNET, LinkType.RAW, LinkType.RAW, LinkType.ETHERNET, LinkType.ETHERNET);
        assertThat(read.frames()).extracting(Frame::interfaceId).containsExactly(0, 1, 1, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void reportsFormatSizeAndLinkTypesInDeclarationOrder(Order order) throws IOException {
        Path file = everyBlockKind(order.order).write(dir.resolve("every-block.pcapng"));

        try (CaptureReader reader = Captures.open(file.toString(), p -> { })) {
            assertThat(reader).isInstanceOf(PcapngReader.class);
            assertThat(reader.format()).isEqualTo(CaptureFormat.PCAPNG);
            assertThat(reader.size()).isEqualTo(Files.size(file));
            Reading.drain(reader, new ArrayList<>());
            assertThat(reader.linkTypes()).containsExactly(LinkType.ETHERNET, LinkType.RAW);
            assertThat(reader.position()).isEqualTo(Files.size(file));
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void sectionsOfDifferentByteOrdersInOneFileEachDeclareTheirOwnInterfaces(Order first) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(first.order);
        int a = ng.iface(LinkType.ETHERNET, 65535);
        ng.epb(a, T0_MICROS, Payloads.pattern(50, 1));
        ng.section(first.other().order);
        int b0 = ng.iface(LinkType.RAW, 1000, PcapngBuilder.RESOL_NANOS, 0);
        int b1 = ng.iface(LinkType.ETHERNET, 200);
        ng.epb(b1, T0_MICROS + 1, Payloads.pattern(51, 2))
                .epb(b0, T0_NANOS + 2, Payloads.pattern(52, 3))
                .spb(Payloads.pattern(53, 4), 53);
        ng.section(first.order);
        int c = ng.iface(LinkType.IPV4, 65535, PcapngBuilder.RESOL_MILLIS, 0);
        ng.epb(c, T0 * 1000 + 3, Payloads.pattern(54, 5));
        Path file = ng.write(dir.resolve("sections.pcapng"));

        List<CaptureProblem> problems = new ArrayList<>();
        try (CaptureReader reader = Captures.open(file.toString(), problems::add)) {
            Reading read = Reading.drain(reader, problems);
            assertThat(read.problems()).isEmpty();
            assertThat(read.frames()).containsExactlyElementsOf(ng.frames());
            // interface 0 means a different interface in each section
            assertThat(read.frames()).extracting(Frame::interfaceId, Frame::linkType).containsExactly(
                    tuple(0, LinkType.ETHERNET),
                    tuple(1, LinkType.ETHERNET),
                    tuple(0, LinkType.RAW),
                    tuple(0, LinkType.RAW),
                    tuple(0, LinkType.IPV4));
            assertThat(reader.linkTypes()).containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.IPV4);
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void timestampsFollowEachInterfacesResolutionAndOffset(Order order) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        int micros = ng.iface(LinkType.ETHERNET, 65535);                                    // no if_tsresol
        int nanos = ng.iface(LinkType.ETHERNET, 65535, PcapngBuilder.RESOL_NANOS, 0);
        int millis = ng.iface(LinkType.ETHERNET, 65535, PcapngBuilder.RESOL_MILLIS, 0);
        int binary = ng.iface(LinkType.ETHERNET, 65535, PcapngBuilder.RESOL_BINARY_20, 0);   // 2^-20 s
        int ahead = ng.iface(LinkType.ETHERNET, 65535, null, 3600);                          // if_tsoffset +1 h
        int behind = ng.iface(LinkType.ETHERNET, 65535, PcapngBuilder.RESOL_NANOS, -86_400); // -1 day
        int explicitMicros = ng.iface(LinkType.ETHERNET, 65535, PcapngBuilder.RESOL_MICROS, 0);
        byte[] b = Payloads.pattern(4, 0);
        ng.epb(micros, T0_MICROS + 123_456, b)
                .epb(nanos, T0_NANOS + 987_654_321, b)
                .epb(millis, T0 * 1000 + 7, b)
                .epb(binary, (T0 << 20) | (1 << 19), b)       // half a second
                .epb(binary, (T0 << 20) | 1, b)               // 1/2^20 s = 953.67 ns, floored
                .epb(binary, (T0 << 20) | 0xFFFFF, b)         // (2^20-1)/2^20 s = 999999046.3 ns
                .epb(ahead, 5_000_001, b)
                .epb(behind, T0_NANOS, b)
                .epb(explicitMicros, T0_MICROS + 999_999, b)
                .opb(millis, T0 * 1000 + 999, b, 4);
        Path file = ng.write(dir.resolve("resolutions.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.frames()).extracting(Frame::timestampNanos).containsExactly(
                T0_NANOS + 123_456_000,
                T0_NANOS + 987_654_321,
                T0_NANOS + 7_000_000,
                T0_NANOS + 500_000_000,
                T0_NANOS + 953,
                T0_NANOS + 999_999_046,
                3605_000_001_000L,
                T0_NANOS - 86_400_000_000_000L,
                T0_NANOS + 999_999_000,
                T0_NANOS + 999_000_000);
        assertThat(read.frames()).containsExactlyElementsOf(ng.frames());
    }

    @Test
    void picosecondTimestampsAreFlooredToTheNanosecond() throws IOException {
        // 64 bits of picoseconds reach only 106 days past the epoch: start at 10^6 s (1970-01-12)
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN);
        int pico = ng.iface(LinkType.ETHERNET, 65535, 12, 0);
        long start = 1_000_000L * 1_000_000_000_000L;
        ng.epb(pico, start + 999_999_999_999L, Payloads.pattern(4, 0))
                .epb(pico, start + 1_999L, Payloads.pattern(4, 0));
        Path file = ng.write(dir.resolve("pico.pcapng"));

        assertThat(Reading.of(file).frames()).extracting(Frame::timestampNanos)
                .containsExactly(1_000_000_999_999_999L, 1_000_000_000_000_001L);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void simplePacketCapturedLengthIsTheSmallestOfOriginalLengthSnaplenAndBlockRoom(Order order)
            throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        ng.iface(LinkType.ETHERNET, 65535);
        ng.spb(Payloads.pattern(61, 1), 61)      // original length smallest: 61 of a 64-byte room
                .spb(Payloads.pattern(20, 2), 1500); // room smallest: 20 bytes kept of 1500
        ng.section(order.order);
        ng.iface(LinkType.RAW, 40);
        ng.spb(Payloads.pattern(48, 3), 100);    // snaplen smallest: 40 of a 48-byte room, 100 on the wire
        ng.section(order.order);
        ng.iface(LinkType.IPV6, 0);              // snaplen 0: no limit
        ng.spb(Payloads.pattern(24, 4), 24);
        Path file = ng.write(dir.resolve("spb.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.problems()).isEmpty();
        assertThat(read.frames()).extracting(Frame::capturedLength).containsExactly(61, 20, 40, 24);
        assertThat(read.frames()).extracting(Frame::originalLength).containsExactly(61, 1500, 100, 24);
        assertThat(read.frames()).extracting(Frame::linkType)
                .containsExactly(LinkType.ETHERNET, LinkType.ETHERNET, LinkType.RAW, LinkType.IPV6);
        assertThat(read.frames()).extracting(Frame::timestampNanos).containsOnly(0L);
        assertThat(read.frames()).containsExactlyElementsOf(ng.frames());
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void packetNamingAnUndeclaredInterfaceIsReportedAndSkipped(Order order) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        ng.epb(eth, T0_MICROS, Payloads.pattern(30, 1));
        long stray = ng.strayEpb(2, T0_MICROS + 1, Payloads.pattern(31, 2));
        ng.epb(eth, T0_MICROS + 2, Payloads.pattern(32, 3));
        ng.section(order.other().order); // a new section forgets the interfaces of the previous one
        long orphan = ng.strayEpb(0, T0_MICROS + 3, Payloads.pattern(33, 4));
        int raw = ng.iface(LinkType.RAW, 65535);
        ng.epb(raw, T0_MICROS + 4, Payloads.pattern(34, 5));
        Path file = ng.write(dir.resolve("stray.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(ng.frames());
        assertThat(read.problems()).extracting(CaptureProblem::offset).containsExactly(stray, orphan);
        assertThat(read.problems()).noneMatch(CaptureProblem::fatal);
        assertThat(read.problems().get(0).message())
                .isEqualTo("packet names interface 2 but the section has declared only interface 0");
        assertThat(read.problems().get(1).message())
                .isEqualTo("packet names interface 0 but the section has declared no interface");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void malformedBlocksThatKeepTheirFramingAreReportedAndSkippedOneByOne(Order order) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        long spbBeforeInterface = ng.offset();
        ng.spb(Payloads.pattern(20, 1), 20);                           // no interface declared yet
        long shortIdb = ng.offset();
        ng.truncatedIface();                                           // 16 bytes: no room for its fields
        int eth = ng.iface(LinkType.ETHERNET, 65535);                  // still counted: this is interface 1
        long badResolution = ng.offset();
        int coarse = ng.iface(LinkType.RAW, 65535, 19, 0);             // 10^-19 s does not fit 64 bits
        long shortEpb = ng.offset();
        ng.block(PcapngBuilder.EPB, 8);                                // 20 bytes: no room for its fields
        long overlong = ng.offset();
        ng.epb(eth, 1, Payloads.pattern(40, 2)).forgetLastFrame();
        ng.overwrite(overlong + 20, 41);                               // captured 41 of a 40-byte room
        ng.epb(eth, T0_MICROS, Payloads.pattern(40, 3))
                .epb(coarse, T0_MICROS + 1, Payloads.pattern(41, 4));   // read as microseconds
        Path file = ng.write(dir.resolve("malformed.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.problems()).extracting(CaptureProblem::offset)
                .containsExactly(spbBeforeInterface, shortIdb, badResolution, shortEpb, overlong);
        assertThat(read.problems()).noneMatch(CaptureProblem::fatal);
        assertThat(read.problems()).extracting(CaptureProblem::message).satisfiesExactly(
                m -> assertThat(m).contains("before any interface"),
                m -> assertThat(m).contains("interface block too short"),
                m -> assertThat(m).contains("if_tsresol"),
                m -> assertThat(m).contains("too short"),
                m -> assertThat(m).contains("captured length 41 exceeds the block (40 bytes)"));
        assertThat(read.frames()).extracting(Frame::interfaceId, Frame::linkType, Frame::timestampNanos)
                .containsExactly(
                        tuple(1, LinkType.ETHERNET, T0_NANOS),
                        tuple(2, LinkType.RAW, T0_NANOS + 1000));
        assertThat(read.frames()).extracting(Frame::number).containsExactly(1L, 2L);
    }

    /** Four packets A, B, C, D with B damaged by {@code damage}; the reader must deliver A, C, D. */
    private void assertDamagedBlockIsReportedAndReadingResumesAtTheNext(Order order, String name,
            java.util.function.BiConsumer<PcapngBuilder, long[]> damage, String expectedMessage) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        ng.epb(eth, T0_MICROS, Payloads.pattern(40, 1));
        long b = ng.offset();
        ng.epb(eth, T0_MICROS + 1, Payloads.pattern(44, 2));
        ng.forgetLastFrame();
        long c = ng.offset();
        ng.epb(eth, T0_MICROS + 2, Payloads.pattern(48, 3)).epb(eth, T0_MICROS + 3, Payloads.pattern(52, 4));
        damage.accept(ng, new long[] {b, c});
        Path file = ng.write(dir.resolve(name + ".pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(Frame.renumber(ng.frames()));
        assertThat(read.problems()).extracting(CaptureProblem::offset).containsExactly(b, c);
        assertThat(read.problems()).noneMatch(CaptureProblem::fatal);
        assertThat(read.problems().get(0).message()).contains(expectedMessage);
        assertThat(read.problems().get(1).message()).contains("resumed after skipping " + (c - b));
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void blockLengthNotAMultipleOfFourIsReportedAndReadingResumesAtTheNextBlock(Order order) throws IOException {
        assertDamagedBlockIsReportedAndReadingResumesAtTheNext(order, "odd-length",
                (ng, at) -> ng.overwrite(at[0] + 4, at[1] - at[0] - 2), "impossible block length");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void blockLengthOverSixteenMegabytesIsReportedAndReadingResumesAtTheNextBlock(Order order)
            throws IOException {
        assertDamagedBlockIsReportedAndReadingResumesAtTheNext(order, "huge-length",
                (ng, at) -> ng.overwrite(at[0] + 4, (16 << 20) + 4), "impossible block length 16777220");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void trailerNotMatchingTheLengthIsReportedAndReadingResumesAtTheNextBlock(Order order) throws IOException {
        assertDamagedBlockIsReportedAndReadingResumesAtTheNext(order, "trailer",
                (ng, at) -> ng.overwrite(at[1] - 4, 0x0000_0FFC), "does not match its trailer");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void lengthPointingPastTheNextBlockIsReportedAsATrailerMismatch(Order order) throws IOException {
        // B claims 8 more bytes than it has: its "trailer" is then read from inside C
        assertDamagedBlockIsReportedAndReadingResumesAtTheNext(order, "long-claim",
                (ng, at) -> ng.overwrite(at[0] + 4, at[1] - at[0] + 8), "does not match its trailer");
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void damageJustBeforeASectionOfTheOtherByteOrderResumesAtThatSection(Order order) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        ng.epb(eth, T0_MICROS, Payloads.pattern(40, 1));
        long b = ng.offset();
        ng.epb(eth, T0_MICROS + 1, Payloads.pattern(44, 2)).forgetLastFrame();
        long section = ng.offset();
        ng.overwrite(b + 4, section - b - 2); // B's length is no multiple of 4
        ng.section(order.other().order);
        int raw = ng.iface(LinkType.RAW, 65535);
        ng.epb(raw, T0_MICROS + 2, Payloads.pattern(48, 3)).epb(raw, T0_MICROS + 3, Payloads.pattern(52, 4));
        Path file = ng.write(dir.resolve("damage-then-section.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(Frame.renumber(ng.frames()));
        assertThat(read.problems()).extracting(CaptureProblem::offset).containsExactly(b, section);
        assertThat(read.problems()).noneMatch(CaptureProblem::fatal);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void sectionHeaderWithoutByteOrderMagicInTheMiddleIsSkipped(Order order) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        ng.epb(eth, T0_MICROS, Payloads.pattern(40, 1));
        long bad = ng.offset();
        ng.section(order.order);
        ng.overwrite(bad + 8, 0x1234_5678);
        long next = ng.offset();
        int raw = ng.iface(LinkType.RAW, 65535);
        ng.epb(raw, T0_MICROS + 1, Payloads.pattern(44, 2));
        Path file = ng.write(dir.resolve("bad-bom.pcapng"));

        Reading read = Reading.of(file);

        // with its header unreadable the second section cannot start: its blocks join the first section, so
        // the packet's interface 0 is still the first section's Ethernet interface
        assertThat(read.problems()).extracting(CaptureProblem::offset).containsExactly(bad, next);
        assertThat(read.problems()).noneMatch(CaptureProblem::fatal);
        assertThat(read.problems().getFirst().message()).contains("byte-order magic");
        assertThat(read.frames()).extracting(Frame::hex).containsExactlyElementsOf(
                ng.frames().stream().map(Frame::hex).toList());
        assertThat(read.frames()).extracting(Frame::linkType).containsExactly(LinkType.ETHERNET, LinkType.ETHERNET);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void lastBlockCutShortIsFatalAtItsOffsetAfterEveryEarlierPacket(Order order) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        ng.epb(eth, T0_MICROS, Payloads.pattern(40, 1)).epb(eth, T0_MICROS + 1, Payloads.pattern(44, 2));
        long last = ng.offset();
        ng.epb(eth, T0_MICROS + 2, Payloads.pattern(100, 3)); // 32 + 100 = 132 bytes
        Path file = Files.write(dir.resolve("cut.pcapng"), Arrays.copyOf(ng.toArray(), (int) last + 30));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(ng.frames().subList(0, 2));
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.offset()).isEqualTo(last);
            assertThat(p.message()).contains("last block cut short: 30 of 132");
        });
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void lastBlockHeaderCutShortIsFatalAtItsOffset(Order order) throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(order.order);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        ng.epb(eth, T0_MICROS, Payloads.pattern(40, 1));
        long last = ng.offset();
        ng.epb(eth, T0_MICROS + 2, Payloads.pattern(100, 3));
        Path file = Files.write(dir.resolve("cut-header.pcapng"), Arrays.copyOf(ng.toArray(), (int) last + 8));

        Reading read = Reading.of(file);

        assertThat(read.frames()).containsExactlyElementsOf(ng.frames().subList(0, 1));
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.offset()).isEqualTo(last);
            assertThat(p.message()).contains("block header cut short: 8 bytes");
        });
    }

    @Test
    void unsupportedVersionEndsTheCaptureWithAFatalProblem() throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN);
        ng.overwrite(12, 2); // major version 2, minor 0
        ng.epb(ng.iface(LinkType.ETHERNET, 65535), T0_MICROS, Payloads.pattern(40, 1));
        Path file = ng.write(dir.resolve("v2.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).isEmpty();
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.offset()).isZero();
            assertThat(p.message()).contains("version 2");
        });
    }

    @Test
    void firstSectionWithoutByteOrderMagicIsACaptureExceptionAtByteEight() throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN);
        ng.overwrite(8, 0x0102_0304);
        Path file = ng.write(dir.resolve("no-bom.pcapng"));

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining(file + ": byte 8")
                .hasMessageContaining("byte-order magic");
    }

    @Test
    void sectionHeaderCutShortIsACaptureException() throws IOException {
        byte[] shb = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).toArray();
        Path file = Files.write(dir.resolve("short.pcapng"), Arrays.copyOf(shb, 10));

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: only 10 bytes, a pcapng section header block needs 28");
    }

    @Test
    void timestampsBeyondSixtyFourBitNanosecondsAreClampedAndReportedOncePerInterface() throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN);
        int far = ng.iface(LinkType.ETHERNET, 65535, null, 9_000_000_000L);      // + 285 years: past 2262 from 1970+53
        int near = ng.iface(LinkType.ETHERNET, 65535, null, 3600);
        int past = ng.iface(LinkType.ETHERNET, 65535, null, -10_000_000_000L);   // its nanoseconds alone overflow
        int raw = ng.iface(LinkType.ETHERNET, 65535, PcapngBuilder.RESOL_NANOS, 0);
        byte[] b = Payloads.pattern(4, 0);
        long first = ng.offset();
        ng.epb(far, T0_MICROS, b).epb(far, T0_MICROS + 1, b).epb(near, 1, b);
        long pastAt = ng.offset();
        ng.epb(past, 1, b);
        long rawAt = ng.offset();
        ng.epb(raw, -1L, b).epb(raw, T0_NANOS, b).epb(past, 2, b);
        Path file = ng.write(dir.resolve("overflow.pcapng"));

        Reading read = Reading.of(file);

        assertThat(read.frames()).extracting(Frame::timestampNanos).containsExactly(Long.MAX_VALUE, Long.MAX_VALUE,
                3_600_000_001_000L, Long.MIN_VALUE, Long.MAX_VALUE, T0_NANOS, Long.MIN_VALUE);
        assertThat(read.frames()).containsExactlyElementsOf(ng.frames());
        String clamped = " outside 1677 to 2262, the years 64-bit nanoseconds hold; such timestamps are clamped to"
                + " the nearest end";
        assertThat(read.problems()).extracting(CaptureProblem::offset, CaptureProblem::message, CaptureProblem::fatal)
                .containsExactly(
                        tuple(first, "interface 0: if_tsoffset 9000000000 seconds puts timestamps" + clamped, false),
                        tuple(pastAt, "interface 2: if_tsoffset -10000000000 seconds puts timestamps" + clamped, false),
                        tuple(rawAt, "interface 3: a timestamp lies" + clamped, false));
    }

    /** What a reader says after reading {@code ng} to its end. */
    private record Outcome(boolean readAnything, long packetsRead, List<CaptureProblem> problems) {
    }

    private Outcome readToTheEnd(PcapngBuilder ng, String name) throws IOException {
        Path file = ng.write(dir.resolve(name));
        List<CaptureProblem> problems = new ArrayList<>();
        try (CaptureReader reader = Captures.open(file.toString(), problems::add)) {
            int delivered = Reading.drain(reader, problems).frames().size();
            return new Outcome(reader.readAnything(), delivered, problems);
        }
    }

    @Test
    void aPcapngWhoseOnlyBlockIsDamagedReadNothing() throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN);
        ng.overwrite(ng.offset() - 4, 99); // the section header's trailer no longer repeats its length

        Outcome outcome = readToTheEnd(ng, "nothing.pcapng");

        assertThat(outcome.readAnything()).isFalse();
        assertThat(outcome.packetsRead()).isZero();
        assertThat(outcome.problems()).last().satisfies(p -> assertThat(p.fatal()).isTrue());
    }

    @Test
    void anIntactSectionWithoutPacketsWasReadAndDeliveredPacketsAreCounted() throws IOException {
        PcapngBuilder two = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN);
        int eth = two.iface(LinkType.ETHERNET, 65535);
        two.epb(eth, T0_MICROS, Payloads.pattern(20, 1)).epb(eth, T0_MICROS + 1, Payloads.pattern(20, 2));

        assertThat(readToTheEnd(new PcapngBuilder().section(ByteOrder.BIG_ENDIAN), "empty.pcapng"))
                .isEqualTo(new Outcome(true, 0, List.of()));
        assertThat(readToTheEnd(two, "two.pcapng")).isEqualTo(new Outcome(true, 2, List.of()));
    }
}
