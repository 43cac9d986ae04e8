package org.unveil.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.capture.PcapBuilder.Variant;

/**
 * A gzip capture damaged part way gives every packet decompressible before the damage, then one problem
 * saying after how many bytes the gzip data broke: nothing a zcat-style recovery would keep is lost.
 */
class GzipDamageTest {
    private static final PcapBuilder PCAP = wordy();
    private static final byte[] PLAIN = PCAP.toArray();
    private static final byte[] GZ = Fixtures.gzip(PLAIN);

    @TempDir
    Path dir;

    /** 400 records of text-like payload: compressible, so deflate uses Huffman codes that damage upsets. */
    private static PcapBuilder wordy() {
        String[] words = {"GET", "HTTP/1.1", "Host:", "example.com", "cookie", "=", "\r\n", "accept", "gzip", "a",
            "session", "0123456789", "X-Forwarded-For:", "198.51.100.23", "keep-alive", "the", "of", "zebra"};
        PcapBuilder pcap = PcapBuilder.ethernet(Variant.MICROS, ByteOrder.LITTLE_ENDIAN);
        Random random = new Random(5);
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            int size = random.nextInt(100, 1300);
            while (text.length() < size) {
                text.append(words[random.nextInt(words.length)]).append(' ').append(random.nextInt(100_000)).append(' ');
            }
            pcap.record(1_700_000_000L + i, i, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return pcap;
    }

    static Stream<Arguments> damage() {
        int n = GZ.length;
        List<Arguments> cases = new ArrayList<>();
        for (int at : new int[] {11, 300, 4000, 70_000, n / 2, n - 8, n - 3}) {
            cases.add(Arguments.of("cut at " + at, Arrays.copyOf(GZ, at)));
        }
        for (int at : new int[] {20, 300, 4000, 40_000, 70_000, n / 2, n - 100, n - 6, n - 2}) {
            byte[] flipped = GZ.clone();
            flipped[at] ^= 0x5A;
            cases.add(Arguments.of("byte " + at + " flipped", flipped));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damage")
    void aDamagedGzipCaptureGivesEveryPacketBeforeTheDamageThenOneProblem(String what, byte[] damaged)
            throws IOException {
        assertThat(GZ.length).as("the compressed capture spans more than one 64 KiB read").isGreaterThan(80_000);
        byte[] recovered = ZcatRecovery.of(damaged);
        Path gz = Files.write(dir.resolve("damaged.pcap"), damaged);
        Path plain = Files.write(dir.resolve("recovered.pcap"), recovered);
        String problem = "gzip data damaged after " + recovered.length + " bytes of capture: ";

        if (recovered.length < PcapBuilder.FILE_HEADER) {
            assertThatThrownBy(() -> Reading.of(gz)).isInstanceOf(CaptureException.class)
                    .hasMessageContaining(gz + ": byte 0: " + problem);
            return;
        }
        Reading expected = Reading.of(plain);
        Reading read = Reading.of(gz);

        assertThat(read.frames()).containsExactlyElementsOf(expected.frames());
        // the damage the reader went past inside the recovered bytes is the same; the end is the gzip damage
        assertThat(read.problems().subList(0, read.problems().size() - 1)).map(p -> p.offset() + " " + p.message())
                .containsExactlyElementsOf(expected.problems().stream().filter(p -> !p.fatal())
                        .map(p -> p.offset() + " " + p.message()).toList());
        long stoppedAt = expected.fatal().isEmpty() ? recovered.length : expected.fatal().getFirst().offset();
        assertThat(read.problems().getLast()).satisfies(p -> {
            assertThat(p.fatal()).isTrue();
            assertThat(p.offset()).isEqualTo(stoppedAt);
            assertThat(p.message()).startsWith(problem).doesNotContain("null").doesNotContain("Exception");
        });
    }

    @Test
    void damageInTheFirstCompressedBufferKeepsThePacketsBeforeIt() throws IOException {
        // the JDK's GZIPInputStream loses all its inflate call produced from a 64 KiB input buffer: here every
        // packet, and the capture looked "too short to be a capture (0 bytes)"
        byte[] damaged = GZ.clone();
        damaged[4000] ^= 0x5A;
        Reading read = Reading.of(Files.write(dir.resolve("early.pcap"), damaged));

        assertThat(read.frames()).hasSizeGreaterThan(10);
        assertThat(read.frames().subList(0, 10)).containsExactlyElementsOf(PCAP.frames().subList(0, 10));
    }

    @Test
    void aGzipHeaderNamingAnotherMethodSaysSoInWords() throws IOException {
        byte[] damaged = GZ.clone();
        damaged[2] = 7;
        Path file = Files.write(dir.resolve("method.pcap"), damaged);

        assertThatThrownBy(() -> Reading.of(file)).isInstanceOf(CaptureException.class)
                .hasMessage(file + ": byte 0: gzip header damaged: compression method 7 is not deflate (8)");
    }

    @Test
    void aGzipHeaderWithANameAndAChecksumIsReadAndAWrongChecksumIsNamed() throws IOException {
        Path good = Files.write(dir.resolve("named.pcap"), withNameAndHeaderCrc(PLAIN, false));
        assertThat(Reading.of(good).frames()).containsExactlyElementsOf(PCAP.frames());

        Path bad = Files.write(dir.resolve("bad.pcap"), withNameAndHeaderCrc(PLAIN, true));
        assertThatThrownBy(() -> Reading.of(bad)).isInstanceOf(CaptureException.class)
                .hasMessage(bad + ": byte 0: gzip header damaged: its checksum does not match");
    }

    @Test
    void concatenatedGzipMembersReadAsOneCapture() throws IOException {
        int half = PcapBuilder.FILE_HEADER + 50_000;
        byte[] first = Fixtures.gzip(Arrays.copyOf(PLAIN, half));
        byte[] second = Fixtures.gzip(Arrays.copyOfRange(PLAIN, half, PLAIN.length));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);

        Reading read = Reading.of(Files.write(dir.resolve("members.pcap"), both));

        assertThat(read.frames()).containsExactlyElementsOf(PCAP.frames());
        assertThat(read.problems()).isEmpty();
    }

    /** A gzip member with FNAME and FHCRC set (as `gzip -N` and some tools write), its CRC16 spoilt on demand. */
    private static byte[] withNameAndHeaderCrc(byte[] plain, boolean spoil) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = {0x1F, (byte) 0x8B, 8, 8 | 2, 0, 0, 0, 0, 0, 3};
        out.writeBytes(header);
        out.writeBytes("capture.pcap\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 headerCrc = new CRC32();
        headerCrc.update(out.toByteArray());
        int crc16 = (int) headerCrc.getValue() & 0xFFFF ^ (spoil ? 1 : 0);
        out.write(crc16 & 0xFF);
        out.write(crc16 >>> 8);
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(plain);
        deflater.finish();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        CRC32 dataCrc = new CRC32();
        dataCrc.update(plain);
        for (long v : new long[] {dataCrc.getValue(), plain.length}) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)) & 0xFF);
            }
        }
        return out.toByteArray();
    }
}
