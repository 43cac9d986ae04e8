package org.unveil.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.capture.Fixtures.Fixture;
import org.unveil.capture.PcapBuilder.Variant;
import org.unveil.capture.pcap.PcapReader;
import org.unveil.capture.pcapng.PcapngReader;

class CapturesTest {
    private static final long T0 = 1_700_000_000L;

    @TempDir
    Path dir;

    static Stream<Fixture> fixtures() {
        return Fixtures.all().stream();
    }

    // ---- gzip ----

    @Test
    void aGzipStreamWhoseHeaderCannotBeReadIsClosed() {
        boolean[] closed = {false};
        InputStream failing = new InputStream() {
            private int given;

            @Override
            public int read() throws IOException {
                if (given == 2) {
                    throw new IOException("Input/output error");
                }
                return given++ == 0 ? 0x1f : 0x8b; // the gzip magic, then a failing disk
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int c = read();
                b[off] = (byte) c;
                return 1;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThatThrownBy(() -> Captures.open(failing, "bad.gz", ProblemListener.IGNORE))
                .isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
        assertThat(closed[0]).as("the stream is closed").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void gzippedCaptureReadsLikeThePlainOneEvenWhenNamedAsPlain(Fixture fixture) throws IOException {
        Path plain = fixture.write(dir);
        // named like the plain file (.pcap / .pcapng): gzip is recognised by its magic, not by the name
        Path zipped = Files.createDirectory(dir.resolve("gz")).resolve(fixture.name());
        Files.write(zipped, Fixtures.gzip(fixture.bytes()));

        Reading expected = Reading.of(plain);
        Reading read = Reading.of(zipped);

        assertThat(read.frames()).containsExactlyElementsOf(fixture.frames());
        assertThat(read.problems()).extracting(CaptureProblem::offset, CaptureProblem::message, CaptureProblem::fatal)
                .containsExactlyElementsOf(expected.problems().stream()
                        .map(p -> tuple(p.offset(), p.message(), p.fatal())).toList());
        try (CaptureReader reader = Captures.open(zipped.toString(), p -> { })) {
            assertThat(reader.size()).as("size of gzip input is unknown").isEqualTo(-1);
            assertThat(reader.format()).isEqualTo(fixture.name().endsWith(".pcapng") ? CaptureFormat.PCAPNG
                    : Captures.open(plain.toString(), p -> { }).format());
        }
    }

    @Test
    void plainCaptureNamedGzIsReadAsPlain() throws IOException {
        Fixture fixture = Fixtures.all().getFirst();
        Path file = Files.write(dir.resolve("capture.pcap.gz"), fixture.bytes());

        assertThat(Reading.of(file).frames()).containsExactlyElementsOf(fixture.frames());
    }

    /** 300 records of incompressible bytes, so that cutting the gzip file in half cuts the packets too. */
    private static PcapBuilder incompressible(Variant variant) {
        PcapBuilder pcap = PcapBuilder.ethernet(variant, ByteOrder.LITTLE_ENDIAN);
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[random.nextInt(200, 1400)];
            random.nextBytes(data);
            pcap.record(T0 + i, i, data);
        }
        return pcap;
    }

    /** How many bytes the JDK's own decompressor recovers from a cut gzip file before it fails. */
    private static long recoverable(byte[] gz) throws IOException {
        long total = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
            throw new AssertionError("the cut gzip stream decompressed without error");
        } catch (EOFException expected) {
            return total;
        }
    }

    @Test
    void gzipPcapCutShortReportsTheCompressedStreamAfterDeliveringEveryWholePacket() throws IOException {
        PcapBuilder pcap = incompressible(Variant.MICROS);
        byte[] gz = Fixtures.gzip(pcap.toArray());
        byte[] cut = Arrays.copyOf(gz, gz.length * 6 / 10);
        Path file = Files.write(dir.resolve("cut.pcap"), cut);
        long recovered = recoverable(cut);
        List<Frame> whole = pcap.frames().stream()
                .filter(f -> f.fileOffset() + 16 + f.capturedLength() <= recovered).toList();
        long firstLost = pcap.frames().get(whole.size()).fileOffset();

        Reading read = Reading.of(file);

        assertThat(whole).hasSizeBetween(100, 250);
        assertThat(read.frames()).containsExactlyElementsOf(whole);
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.offset()).isEqualTo(firstLost);
            assertThat(p.message()).startsWith("gzip data damaged after " + recovered
                    + " bytes of capture: the compressed file ends at byte " + cut.length + ", inside the compressed data");
        });
    }

    @Test
    void gzipPcapngCutShortReportsTheCompressedStreamAfterDeliveringEveryWholePacket() throws IOException {
        PcapngBuilder ng = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN);
        int eth = ng.iface(LinkType.ETHERNET, 65535);
        Random random = new Random(12);
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[random.nextInt(200, 1400)];
            random.nextBytes(data);
            ng.epb(eth, T0 * 1_000_000L + i, data);
        }
        byte[] gz = Fixtures.gzip(ng.toArray());
        byte[] cut = Arrays.copyOf(gz, gz.length / 3);
        Path file = Files.write(dir.resolve("cut.pcapng"), cut);
        long recovered = recoverable(cut);
        // an EPB is 28 bytes of header, the data padded to 4, and a 4-byte trailer
        List<Frame> whole = ng.frames().stream()
                .filter(f -> f.fileOffset() + 32 + ((f.capturedLength() + 3) & ~3) <= recovered).toList();

        Reading read = Reading.of(file);

        assertThat(whole).hasSizeBetween(50, 200);
        assertThat(read.frames()).containsExactlyElementsOf(whole);
        assertThat(read.problems()).singleElement().satisfies(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.offset()).isEqualTo(ng.frames().get(whole.size()).fileOffset());
            assertThat(p.message()).startsWith("gzip data damaged after " + recovered + " bytes of capture: ");
        });
    }

    @Test
    void gzipFileCutInsideItsHeaderIsACaptureException() throws IOException {
        byte[] gz = Fixtures.gzip(Fixtures.all().getFirst().bytes());
        Path file = Files.write(dir.resolve("header.pcap"), Arrays.copyOf(gz, 6));

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: gzip header damaged: only 6 bytes, a gzip header needs at least 10");
    }

    @Test
    void gzipFileCutBeforeTheFirstPacketsIsACaptureExceptionNamingTheStream() throws IOException {
        // enough of the gzip stream for its header but not for four bytes of capture
        byte[] gz = Fixtures.gzip(incompressible(Variant.MICROS).toArray());
        Path file = Files.write(dir.resolve("early.pcap"), Arrays.copyOf(gz, 11));

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: gzip data damaged after 0 bytes of capture: the compressed file ends"
                        + " at byte 11, inside the compressed data");
    }

    // ---- streams ----

    /** A stream handing out at most a few bytes per read, as a pipe or a slow socket does. */
    private static InputStream trickle(byte[] bytes, long seed) {
        Random random = new Random(seed);
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, seed == 0 ? 1 : random.nextInt(1, 50)));
            }

            @Override
            public int available() {
                return 0;
            }
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void streamGivesTheSamePacketsAndProblemsAsTheMappedFile(Fixture fixture) throws IOException {
        Path file = fixture.write(dir);
        Reading mapped = Reading.of(file);

        Reading streamed = Reading.of(new ByteArrayInputStream(fixture.bytes()), file.toString());

        assertThat(streamed.frames()).containsExactlyElementsOf(fixture.frames());
        assertThat(streamed.problems()).containsExactlyElementsOf(mapped.problems());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void streamDeliveringOneByteAtATimeGivesTheSamePacketsAndProblems(Fixture fixture) throws IOException {
        Path file = fixture.write(dir);
        Reading mapped = Reading.of(file);

        for (long seed : new long[] {0, 1, 2}) {
            Reading streamed = Reading.of(trickle(fixture.bytes(), seed), file.toString());

            assertThat(streamed.frames()).as("seed %d", seed).containsExactlyElementsOf(fixture.frames());
            assertThat(streamed.problems()).as("seed %d", seed).containsExactlyElementsOf(mapped.problems());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void gzipStreamGivesTheSamePacketsAsThePlainFile(Fixture fixture) throws IOException {
        Path file = fixture.write(dir);
        Reading mapped = Reading.of(file);

        Reading streamed = Reading.of(trickle(Fixtures.gzip(fixture.bytes()), 3), file.toString());

        assertThat(streamed.frames()).containsExactlyElementsOf(fixture.frames());
        assertThat(streamed.problems()).containsExactlyElementsOf(mapped.problems());
    }

    @Test
    void streamChoosesTheReaderByMagic() throws IOException {
        byte[] pcap = PcapBuilder.ethernet(Variant.NANOS, ByteOrder.BIG_ENDIAN).toArray();
        byte[] pcapng = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).toArray();

        try (CaptureReader a = Captures.open(new ByteArrayInputStream(pcap), "a", p -> { });
                CaptureReader b = Captures.open(new ByteArrayInputStream(pcapng), "b", p -> { })) {
            assertThat(a).isInstanceOf(PcapReader.class);
            assertThat(a.format()).isEqualTo(CaptureFormat.PCAP_NANO);
            assertThat(a.size()).isEqualTo(-1);
            assertThat(b).isInstanceOf(PcapngReader.class);
            assertThat(b.source()).isEqualTo("b");
        }
    }

    @Test
    void emptyStreamIsACaptureException() {
        assertThatThrownBy(() -> Captures.open(new ByteArrayInputStream(new byte[0]), "stdin", p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage("stdin: byte 0: empty input");
    }

    // ---- inputs that are not captures ----

    @Test
    void fileThatIsNotACaptureIsACaptureExceptionNamingFileAndOffset() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.pcap"), "GET / HTTP/1.1\r\nHost: example\r\n\r\n");

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: not a pcap or pcapng capture (starts with 0x47455420)")
                .satisfies(e -> {
                    assertThat(((CaptureException) e).source()).isEqualTo(file.toString());
                    assertThat(((CaptureException) e).offset()).isZero();
                });
    }

    @Test
    void emptyFileIsACaptureException() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.pcap"));

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: empty file");
    }

    @Test
    void fileTooShortForAMagicNumberIsACaptureException() throws IOException {
        Path file = Files.write(dir.resolve("two.pcap"), new byte[] {(byte) 0xD4, (byte) 0xC3});

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: only 2 bytes, a capture starts with a 4-byte magic number");
    }

    @Test
    void directoryIsACaptureException() {
        assertThatThrownBy(() -> Captures.open(dir.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(dir + ": byte 0: is a directory, not a capture file");
    }

    @Test
    void missingFileIsACaptureException() {
        Path file = dir.resolve("no-such.pcap");

        assertThatThrownBy(() -> Captures.open(file.toString(), p -> { }))
                .isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: no such file");
    }

    @Test
    void problemToStringNamesSourceAndByte() {
        assertThat(new CaptureProblem("a.pcap", 1234, "impossible record length 5", false))
                .hasToString("a.pcap: byte 1234: impossible record length 5");
    }
}
