package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkBytesTest {
    private final MemorySegment s = MemorySegment.ofArray(new byte[] {
        (byte) 0xFF, (byte) 0x80, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, (byte) 0xE9, 'a', 'Z',
    });

    @Test
    void u8IsUnsigned() {
        assertThat(NetworkBytes.u8(s, 0)).isEqualTo(255);
        assertThat(NetworkBytes.u8(s, 2)).isEqualTo(1);
    }

    @Test
    void u16IsBigEndianAndUnsigned() {
        assertThat(NetworkBytes.u16(s, 0)).isEqualTo(0xFF80);
        assertThat(NetworkBytes.u16(s, 1)).isEqualTo(0x8001);
        assertThat(NetworkBytes.u16(s, 2)).isEqualTo(0x0102);
    }

    @Test
    void u24IsBigEndian() {
        assertThat(NetworkBytes.u24(s, 0)).isEqualTo(0xFF8001);
        assertThat(NetworkBytes.u24(s, 2)).isEqualTo(0x010203);
    }

    @Test
    void i32IsBigEndianAndSigned() {
        assertThat(NetworkBytes.i32(s, 0)).isEqualTo(0xFF800102);
        assertThat(NetworkBytes.i32(s, 0)).isNegative();
        assertThat(NetworkBytes.i32(s, 2)).isEqualTo(0x01020304);
    }

    @Test
    void u32IsBigEndianAndUnsigned() {
        assertThat(NetworkBytes.u32(s, 0)).isEqualTo(0xFF800102L);
        assertThat(NetworkBytes.u32(s, 3)).isEqualTo(0x02030405L);
    }

    @Test
    void i64IsBigEndian() {
        assertThat(NetworkBytes.i64(s, 0)).isEqualTo(0xFF80010203040506L);
        assertThat(NetworkBytes.i64(s, 2)).isEqualTo(0x0102030405060708L);
    }

    @Test
    void readsNeedNoAlignment() {
        assertThat(NetworkBytes.u16(s, 5)).isEqualTo(0x0405);
        assertThat(NetworkBytes.u32(s, 5)).isEqualTo(0x04050607L);
        assertThat(NetworkBytes.i64(s, 3)).isEqualTo(0x02030405060708E9L);
    }

    @Test
    void asciiKeepsEveryByteAsOneCharacter() {
        assertThat(NetworkBytes.ascii(s, 10, 3)).isEqualTo("\u00E9aZ");
        assertThat(NetworkBytes.ascii(s, 11, 0)).isEmpty();
    }

    @Test
    void readsPastTheSegmentFail() {
        assertThatThrownBy(() -> NetworkBytes.u16(s, 12)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> NetworkBytes.u32(s, 10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** Bytes that meet the word-wise scans' corner cases: the targets, 0x01 (a borrow's false flag), high bytes. */
    private static final byte[] ALPHABET = {'\r', '\n', ':', ' ', 0x01, 0x00, (byte) 0x80, (byte) 0xFF, 'a', 0x0C, 0x0E};

    @Test
    void lineEndAndIndexOfFindWhatAByteByByteScanFinds() {
        Random random = new Random(13);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // mostly filler, so that targets are sometimes absent and sometimes far in
                bytes[i] = random.nextInt(4) == 0 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) 'x';
            }
            MemorySegment segment = MemorySegment.ofArray(bytes);
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int end = at + random.nextInt(bytes.length - at + 1);
            long expectedLineEnd = -1;
            for (int i = at; i < end && expectedLineEnd < 0; i++) {
                if (bytes[i] == '\r' || bytes[i] == '\n') {
                    expectedLineEnd = i;
                }
            }
            assertThat(NetworkBytes.lineEnd(segment, at, end)).as("round %d", round).isEqualTo(expectedLineEnd);
            byte target = ALPHABET[random.nextInt(ALPHABET.length)];
            long expectedIndex = -1;
            for (int i = at; i < end && expectedIndex < 0; i++) {
                if (bytes[i] == target) {
                    expectedIndex = i;
                }
            }
            assertThat(NetworkBytes.indexOf(segment, at, end, target)).as("round %d", round).isEqualTo(expectedIndex);
        }
    }
}
