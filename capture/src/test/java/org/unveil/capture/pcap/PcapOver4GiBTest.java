package org.unveil.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.Payloads;
import org.unveil.capture.SplitCapture;

/**
 * A valid pcap file of 4 GiB and more that costs almost no disk: the snaplen is 16 MiB (the largest record
 * the reader accepts), so 256 records of 16 MiB whose bytes are holes of a sparse file carry the file past
 * 2^32, and a small last record lies wholly beyond it. Only the 16-byte record headers and a few marks are
 * written.
 */
class PcapOver4GiBTest {
    private static final long T0 = 1_700_000_000L;
    private static final int BIG = 16 << 20;
    private static final int BIG_RECORDS = 256;
    private static final long RECORD = 16 + BIG;
    private static final long LAST = 24 + BIG_RECORDS * RECORD;
    private static final byte[] LAST_DATA = Payloads.pattern(100, 77);
    /** Eight bytes inside the record that straddles 2^32, four on each side of it. */
    private static final long STRADDLE = (1L << 32) - 4;
    private static final byte[] STRADDLE_MARK = Payloads.pattern(8, 55);

    @TempDir
    static Path dir;
    static Path file;

    private static byte[] recordHeader(long seconds, int length) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) seconds).putInt(0).putInt(length).putInt(length).array();
    }

    @BeforeAll
    static void writeSparsePcap() throws IOException {
        file = dir.resolve("big.pcap");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.write(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(PcapReader.MAGIC_MICROS)
                    .putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(BIG)
                    .putInt(LinkType.ETHERNET).array());
            for (int k = 0; k < BIG_RECORDS; k++) {
                out.seek(24 + k * RECORD);
                out.write(recordHeader(T0 + k, BIG));
            }
            out.seek(STRADDLE);
            out.write(STRADDLE_MARK);
            out.seek(LAST);
            out.write(recordHeader(T0 + BIG_RECORDS, LAST_DATA.length));
            out.write(LAST_DATA);
        }
    }

    @Test
    void recordsPastFourGibibytesAreDeliveredWithTheirOffsetsAndBytes() throws IOException {
        List<CaptureProblem> problems = new ArrayList<>();
        try (CaptureReader reader = Captures.open(file.toString(), problems::add)) {
            assertThat(reader.size()).isEqualTo(LAST + 16 + LAST_DATA.length).isGreaterThan(1L << 32);
            Packet p = new Packet();
            for (int k = 0; k < BIG_RECORDS; k++) {
                assertThat(reader.next(p)).isTrue();
                assertThat(p.number()).isEqualTo(k + 1);
                assertThat(p.fileOffset()).isEqualTo(24 + k * RECORD);
                assertThat(p.timestampNanos()).isEqualTo((T0 + k) * 1_000_000_000L);
                assertThat(p.capturedLength()).isEqualTo(BIG);
                long dataStart = p.fileOffset() + 16;
                if (STRADDLE >= dataStart && STRADDLE < dataStart + BIG) {
                    byte[] mark = p.buffer().asSlice(p.offset() + STRADDLE - dataStart, 8)
                            .toArray(ValueLayout.JAVA_BYTE);
                    assertThat(mark).containsExactly(STRADDLE_MARK);
                }
            }
            assertThat(reader.next(p)).isTrue();
            assertThat(p.number()).isEqualTo(BIG_RECORDS + 1);
            assertThat(p.fileOffset()).isEqualTo(LAST).isGreaterThan(1L << 32);
            assertThat(p.timestampNanos()).isEqualTo((T0 + BIG_RECORDS) * 1_000_000_000L);
            assertThat(p.copyBytes()).containsExactly(LAST_DATA);
            assertThat(reader.next(p)).isFalse();
            assertThat(reader.position()).isEqualTo(reader.size());
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void splitPartsTogetherHoldEveryRecordOnce() throws IOException {
        List<CaptureProblem> problems = new ArrayList<>();
        List<CaptureReader> parts = SplitCapture.open(file.toString(), 3, problems::add);
        List<Long> offsets = new ArrayList<>();
        try {
            assertThat(parts).hasSize(3);
            Packet p = new Packet();
            for (CaptureReader part : parts) {
                while (part.next(p)) {
                    offsets.add(p.fileOffset());
                }
            }
        } finally {
            for (CaptureReader part : parts) {
                part.close();
            }
        }

        List<Long> expected = new ArrayList<>();
        for (int k = 0; k <= BIG_RECORDS; k++) {
            expected.add(24 + k * RECORD);
        }
        assertThat(offsets).containsExactlyElementsOf(expected);
        assertThat(problems).isEmpty();
    }
}
