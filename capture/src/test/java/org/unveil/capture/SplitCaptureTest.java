package org.unveil.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.capture.PcapBuilder.Variant;
import org.unveil.capture.io.MappedFileWindow;

/**
 * Splits generated pcap files of a few MB into 1 to 8 parts (the smallest part set to 64 KiB so that
 * every count is honoured) and requires the parts, read one after the other, to deliver exactly the
 * packets of the file read whole: none lost, none twice, in order.
 */
class SplitCaptureTest {
    private static final long T0 = 1_700_000_000L;
    private static final long MIN_PART = 64 << 10;

    @TempDir
    static Path dir;

    private static final List<PcapBuilder> BUILT = new ArrayList<>();
    private static final List<Path> FILES = new ArrayList<>();

    /**
     * About 3 MB per variant: mostly 40-1514 byte records, some empty, some 9000-byte jumbo frames, a few of
     * 65535 bytes, payloads random so no split point can be found by accident in the middle of a record.
     */
    @BeforeAll
    static void writeFiles() throws IOException {
        for (Variant variant : Variant.values()) {
            PcapBuilder pcap = PcapBuilder.ethernet(variant, variant == Variant.NANOS ? ByteOrder.BIG_ENDIAN
                    : ByteOrder.LITTLE_ENDIAN);
            Random random = new Random(variant.ordinal());
            long micros = 0;
            while (pcap.offset() < 3_000_000) {
                int roll = random.nextInt(100);
                int size = roll < 5 ? 0 : roll < 10 ? 9000 : roll == 10 ? 65535 : random.nextInt(40, 1515);
                byte[] data = new byte[size];
                random.nextBytes(data);
                micros += random.nextInt(1, 20_000);
                long fraction = variant == Variant.NANOS ? (micros % 1_000_000) * 1000 + random.nextInt(1000)
                        : micros % 1_000_000;
                pcap.record(T0 + micros / 1_000_000, fraction, data);
            }
            BUILT.add(pcap);
            FILES.add(pcap.write(dir.resolve(variant + ".pcap")));
        }
    }

    static Stream<Arguments> variantsAndParts() {
        List<Arguments> all = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (int parts = 1; parts <= 8; parts++) {
                all.add(Arguments.of(v, parts, MappedFileWindow.DEFAULT_CHUNK));
            }
        }
        for (int parts = 1; parts <= 8; parts++) {
            all.add(Arguments.of(Variant.MICROS, parts, 4096L));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} in {1} parts, chunk {2}")
    @MethodSource("variantsAndParts")
    void partsReadInTurnDeliverEveryPacketOfTheWholeFileExactlyOnce(Variant variant, int parts, long chunk)
            throws IOException {
        Path file = FILES.get(variant.ordinal());
        List<Frame> expected = BUILT.get(variant.ordinal()).frames();
        List<Frame> whole = Reading.of(file).frames();
        assertThat(whole).containsExactlyElementsOf(expected);

        List<CaptureProblem> problems = new ArrayList<>();
        List<CaptureReader> readers = SplitCapture.open(file.toString(), parts, problems::add, chunk, MIN_PART);
        List<Frame> joined = new ArrayList<>();
        try {
            assertThat(readers).hasSize(parts);
            for (CaptureReader reader : readers) {
                List<Frame> part = Reading.drain(reader, problems).frames();
                assertThat(part).as("every part has packets").isNotEmpty();
                part.forEach(f -> joined.add(f.unnumbered()));
            }
        } finally {
            for (CaptureReader r : readers) {
                r.close();
            }
        }

        assertThat(problems).isEmpty();
        assertThat(joined).containsExactlyElementsOf(expected.stream().map(Frame::unnumbered).toList());
    }

    /** Reads the parts in turn; the parts' frames unnumbered (each part numbers its own packets from 1). */
    private static Reading readParts(Path file, int parts, long minPart) throws IOException {
        List<CaptureProblem> problems = new ArrayList<>();
        List<CaptureReader> readers = SplitCapture.open(file.toString(), parts, problems::add,
                MappedFileWindow.DEFAULT_CHUNK, minPart);
        List<Frame> joined = new ArrayList<>();
        try {
            assertThat(readers).hasSize(parts);
            for (CaptureReader reader : readers) {
                Reading.drain(reader, problems).frames().forEach(f -> joined.add(f.unnumbered()));
            }
        } finally {
            for (CaptureReader r : readers) {
                r.close();
            }
        }
        return new Reading(joined, problems);
    }

    /**
     * A capture of a pcap file being downloaded: one packet's payload holds ten small pcap records whose
     * timestamps are as recent as the capture's own, starting just after the middle of the file where a split
     * into two parts begins looking for a record boundary. They chain plausibly, but they are packet bytes.
     */
    @Test
    void pcapRecordsCarriedInsideAPacketAreNotTakenForASplitPoint() throws IOException {
        PcapBuilder pcap = PcapBuilder.ethernet(Variant.MICROS, ByteOrder.LITTLE_ENDIAN);
        Random random = new Random(42);
        for (int i = 0; i < 10; i++) {
            byte[] data = new byte[100];
            random.nextBytes(data);
            pcap.record(T0 + i, i, data);
        }
        int carrierLength = 1500;
        long carrierData = pcap.offset() + 16;
        long after = 10 * (16 + 100);
        long size = carrierData + carrierLength + after;
        int embedAt = (int) (size / 2 + 10 - carrierData);
        byte[] carrier = new byte[carrierLength];
        random.nextBytes(carrier);
        PcapBuilder embedded = PcapBuilder.ethernet(Variant.MICROS, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 10; i++) {
            embedded.record(T0 + 50 + i, 1000 * i, Payloads.pattern(40, i));
        }
        byte[] records = Arrays.copyOfRange(embedded.toArray(), 24, embedded.toArray().length);
        assertThat(embedAt).isBetween(0, carrierLength - records.length);
        System.arraycopy(records, 0, carrier, embedAt, records.length);
        pcap.record(T0 + 10, 0, carrier);
        for (int i = 0; i < 10; i++) {
            pcap.record(T0 + 11 + i, i, Payloads.pattern(100, i));
        }
        assertThat(pcap.offset()).isEqualTo(size);
        Path file = pcap.write(dir.resolve("download.pcap"));

        Reading parts = readParts(file, 2, 1);

        assertThat(parts.problems()).isEmpty();
        assertThat(parts.frames()).containsExactlyElementsOf(pcap.frames().stream().map(Frame::unnumbered).toList());
    }

    /**
     * The last packet carries one pcap record header whose length runs past the end of the file; the split
     * point is looked for just before it, where fewer than eight records remain.
     */
    @Test
    void recordHeaderInsideTheLastPacketRunningPastTheEndIsNotTakenForASplitPoint() throws IOException {
        PcapBuilder pcap = PcapBuilder.ethernet(Variant.MICROS, ByteOrder.LITTLE_ENDIAN);
        pcap.record(T0, 0, Payloads.pattern(100, 1));
        int lastLength = 4000;
        long lastData = pcap.offset() + 16;
        long size = lastData + lastLength;
        byte[] last = Payloads.pattern(lastLength, 2);
        int fakeAt = (int) (size / 2 + 10 - lastData);
        byte[] fake = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) T0 + 1).putInt(5).putInt(3000).putInt(3000).array();
        System.arraycopy(fake, 0, last, fakeAt, 16);
        pcap.record(T0 + 1, 0, last);
        Path file = pcap.write(dir.resolve("tail.pcap"));

        Reading parts = readParts(file, 2, 1);

        assertThat(parts.problems()).isEmpty();
        assertThat(parts.frames()).containsExactlyElementsOf(pcap.frames().stream().map(Frame::unnumbered).toList());
    }

    @Test
    void morePartsThanRecordsLosesAndRepeatsNothing() throws IOException {
        PcapBuilder pcap = PcapBuilder.ethernet(Variant.NANOS, ByteOrder.BIG_ENDIAN)
                .record(T0, 1, Payloads.pattern(300, 1))
                .record(T0, 2, Payloads.pattern(10, 2))
                .record(T0, 3, Payloads.pattern(200, 3));
        Path file = pcap.write(dir.resolve("three.pcap"));

        Reading parts = readParts(file, 8, 1);

        assertThat(parts.problems()).isEmpty();
        assertThat(parts.frames()).containsExactlyElementsOf(pcap.frames().stream().map(Frame::unnumbered).toList());
    }

    @Test
    void fileSmallerThanTwoPartsIsNotSplit() throws IOException {
        Path file = FILES.getFirst();

        List<CaptureReader> readers = SplitCapture.open(file.toString(), 8, p -> { }, MappedFileWindow.DEFAULT_CHUNK,
                Files.size(file) / 2 + 1);
        try {
            assertThat(readers).hasSize(1);
            assertThat(Reading.drain(readers.getFirst(), new ArrayList<>()).frames())
                    .containsExactlyElementsOf(BUILT.getFirst().frames());
        } finally {
            readers.getFirst().close();
        }
    }

    @Test
    void pcapngAndGzipInputComeBackAsOneReader() throws IOException {
        Fixtures.Fixture mixed = Fixtures.all().stream().filter(f -> f.name().equals("mixed.pcapng")).findFirst()
                .orElseThrow();
        Path pcapng = mixed.write(dir);
        Path gz = Files.write(dir.resolve("zipped.pcap"), Fixtures.gzip(Files.readAllBytes(FILES.getFirst())));

        for (Path file : List.of(pcapng, gz)) {
            List<CaptureReader> readers = SplitCapture.open(file.toString(), 4, p -> { }, 4096, 1);
            try {
                assertThat(readers).as(file.toString()).hasSize(1);
            } finally {
                readers.getFirst().close();
            }
        }
    }
}
