package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.tcp;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpHeaderTest {
    private final TcpHeader tcp = new TcpHeader();

    private boolean wrapAt(int at, byte[] bytes) {
        return tcp.wrap(MemorySegment.ofArray(concat(new byte[at], bytes)), at, bytes.length);
    }

    @Test
    void fixedFieldsAreReadFromTheirPlaces() {
        byte[] segment = tcp().ports(443, 65535).sequence(0xFFFFFFFEL).acknowledgment(0x80000001L)
                .flags(TcpHeader.PSH | TcpHeader.ACK).window(29200).checksum(0xABCD).urgent(0x0102)
                .payload("0123456789").build();
        assertThat(wrapAt(4, segment)).isTrue();

        assertThat(tcp.sourcePort()).isEqualTo(443);
        assertThat(tcp.destinationPort()).isEqualTo(65535);
        assertThat(tcp.sequence()).isEqualTo(0xFFFFFFFEL);
        assertThat(tcp.acknowledgment()).isEqualTo(0x80000001L);
        assertThat(tcp.headerLength()).isEqualTo(20);
        assertThat(tcp.flags()).isEqualTo(0x018);
        assertThat(tcp.window()).isEqualTo(29200);
        assertThat(tcp.checksum()).isEqualTo(0xABCD);
        assertThat(tcp.urgentPointer()).isEqualTo(0x0102);
        assertThat(tcp.payloadOffset()).isEqualTo(24);
        assertThat(tcp.payloadLength(30)).isEqualTo(10);
    }

    @Test
    void flagsHoldAllTwelveBitsButNotTheDataOffset() {
        assertThat(wrapAt(0, tcp().flags(0xFFF).build())).isTrue();
        assertThat(tcp.flags()).isEqualTo(0xFFF);
        assertThat(tcp.headerLength()).isEqualTo(20);

        assertThat(wrapAt(0, tcp().flags(TcpHeader.AE | TcpHeader.CWR | TcpHeader.ECE | TcpHeader.SYN).build()))
                .isTrue();
        assertThat(tcp.flags()).isEqualTo(0x1C2);
        assertThat(tcp.has(TcpHeader.AE)).isTrue();
        assertThat(tcp.has(TcpHeader.CWR)).isTrue();
        assertThat(tcp.has(TcpHeader.ECE)).isTrue();
        assertThat(tcp.has(TcpHeader.URG)).isFalse();
        assertThat(tcp.has(TcpHeader.FIN)).isFalse();
    }

    @Test
    void eachFlagConstantIsItsOwnBit() {
        int[] flags = {TcpHeader.FIN, TcpHeader.SYN, TcpHeader.RST, TcpHeader.PSH, TcpHeader.ACK, TcpHeader.URG,
            TcpHeader.ECE, TcpHeader.CWR, TcpHeader.AE};
        for (int i = 0; i < flags.length; i++) {
            assertThat(flags[i]).isEqualTo(1 << i);
            assertThat(wrapAt(0, tcp().flags(flags[i]).build())).isTrue();
            assertThat(tcp.flags()).isEqualTo(1 << i);
            for (int other : flags) {
                assertThat(tcp.has(other)).isEqualTo(other == flags[i]);
            }
        }
    }

    @Test
    void synWithoutAckIsAnActiveOpen() {
        assertThat(wrapAt(0, tcp().flags(TcpHeader.SYN).build())).isTrue();
        assertThat(tcp.isSynOnly()).isTrue();
        assertThat(wrapAt(0, tcp().flags(TcpHeader.SYN | TcpHeader.ECE | TcpHeader.CWR).build())).isTrue();
        assertThat(tcp.isSynOnly()).isTrue();
        assertThat(wrapAt(0, tcp().flags(TcpHeader.SYN | TcpHeader.ACK).build())).isTrue();
        assertThat(tcp.isSynOnly()).isFalse();
        assertThat(wrapAt(0, tcp().flags(TcpHeader.ACK).build())).isTrue();
        assertThat(tcp.isSynOnly()).isFalse();
    }

    @Test
    void synOptionsAreAllRead() {
        // Linux: MSS, SACK permitted, timestamps, NOP, window scale
        byte[] segment = tcp().flags(TcpHeader.SYN).mss(1460).sackPermitted().timestamps(0x01020304L, 0).nop()
                .windowScale(7).build();
        assertThat(wrapAt(2, segment)).isTrue();

        assertThat(tcp.headerLength()).isEqualTo(40);
        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.mss()).isEqualTo(1460);
        assertThat(tcp.sackPermitted()).isTrue();
        assertThat(tcp.hasTimestamps()).isTrue();
        assertThat(tcp.tsval()).isEqualTo(0x01020304L);
        assertThat(tcp.tsecr()).isZero();
        assertThat(tcp.windowScale()).isEqualTo(7);
        assertThat(tcp.sackBlockCount()).isZero();
        assertThat(tcp.optionCount()).isEqualTo(5);
        int[] kinds = {2, 4, 8, 1, 3};
        int[] lengths = {4, 2, 10, 1, 3};
        int[] offsets = {20, 24, 26, 36, 37};
        for (int i = 0; i < 5; i++) {
            assertThat(tcp.optionKind(i)).as("kind %d", i).isEqualTo(kinds[i]);
            assertThat(tcp.optionLength(i)).as("length %d", i).isEqualTo(lengths[i]);
            assertThat(tcp.optionOffset(i)).as("offset %d", i).isEqualTo(2 + offsets[i]);
        }
        assertThat(tcp.payloadOffset()).isEqualTo(42);
        assertThat(tcp.payloadLength(40)).isZero();
    }

    @Test
    void windowScaleIsMinusOneWithoutTheOption() {
        assertThat(wrapAt(0, tcp().mss(536).build())).isTrue();
        assertThat(tcp.windowScale()).isEqualTo(-1);
        assertThat(tcp.mss()).isEqualTo(536);
    }

    @Test
    void optionValuesAreAbsentWithoutOptions() {
        assertThat(wrapAt(0, tcp().build())).isTrue();
        assertThat(tcp.optionCount()).isZero();
        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.mss()).isEqualTo(-1);
        assertThat(tcp.windowScale()).isEqualTo(-1);
        assertThat(tcp.sackPermitted()).isFalse();
        assertThat(tcp.sackBlockCount()).isZero();
        assertThat(tcp.hasTimestamps()).isFalse();
        assertThat(tcp.tsval()).isEqualTo(-1);
        assertThat(tcp.tsecr()).isEqualTo(-1);
    }

    @Test
    void windowScaleZeroIsPresent() {
        assertThat(wrapAt(0, tcp().windowScale(0).nop().build())).isTrue();
        assertThat(tcp.windowScale()).isZero();
    }

    @Test
    void timestampsUseAllThirtyTwoBits() {
        assertThat(wrapAt(0, tcp().nop().nop().timestamps(0xFFFFFFFFL, 0x80000000L).build())).isTrue();
        assertThat(tcp.tsval()).isEqualTo(0xFFFFFFFFL);
        assertThat(tcp.tsecr()).isEqualTo(0x80000000L);
    }

    @Test
    void sackBlocksAreReadInOrder() {
        byte[] segment = tcp().flags(TcpHeader.ACK).nop().nop().timestamps(5, 6).nop().nop()
                .sack(1000, 2000, 3000, 4000, 0xFFFFFF00L, 0xFFFFFFFFL).build();
        assertThat(wrapAt(0, segment)).isTrue();

        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.sackBlockCount()).isEqualTo(3);
        assertThat(tcp.sackLeftEdge(0)).isEqualTo(1000);
        assertThat(tcp.sackRightEdge(0)).isEqualTo(2000);
        assertThat(tcp.sackLeftEdge(1)).isEqualTo(3000);
        assertThat(tcp.sackRightEdge(1)).isEqualTo(4000);
        assertThat(tcp.sackLeftEdge(2)).isEqualTo(0xFFFFFF00L);
        assertThat(tcp.sackRightEdge(2)).isEqualTo(0xFFFFFFFFL);
        assertThat(tcp.tsval()).isEqualTo(5);
        assertThat(tcp.tsecr()).isEqualTo(6);
    }

    @Test
    void sackWithALengthThatIsNotWholeBlocksIsIgnored() {
        byte[] segment = tcp().option(TcpHeader.OPTION_SACK, new byte[6]).nop().nop().nop().nop().build();
        assertThat(segment).hasSize(32);
        assertThat(wrapAt(0, segment)).isTrue();
        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.optionCount()).isEqualTo(5);
        assertThat(tcp.sackBlockCount()).isZero();
    }

    @Test
    void unknownKindsStayListedInOrder() {
        // MPTCP (30) with 2 data bytes, then an experimental kind 253 with 4 bytes
        byte[] segment = tcp().mss(1400).option(30, new byte[] {0x00, 0x01}).option(253, new byte[] {1, 2, 3, 4})
                .nop().nop().build();
        assertThat(wrapAt(0, segment)).isTrue();

        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.optionCount()).isEqualTo(5);
        assertThat(tcp.optionKind(1)).isEqualTo(30);
        assertThat(tcp.optionLength(1)).isEqualTo(4);
        assertThat(tcp.optionOffset(1)).isEqualTo(24);
        assertThat(tcp.optionKind(2)).isEqualTo(253);
        assertThat(tcp.optionLength(2)).isEqualTo(6);
        assertThat(tcp.optionOffset(2)).isEqualTo(28);
        assertThat(tcp.mss()).isEqualTo(1400);
    }

    @Test
    void knownKindsWithTheWrongLengthGiveNoValue() {
        // MSS of length 6, window scale of length 4, SACK permitted of length 3, timestamps of length 8
        byte[] segment = tcp().option(TcpHeader.OPTION_MSS, new byte[] {0x05, (byte) 0xB4, 0, 0})
                .option(TcpHeader.OPTION_WINDOW_SCALE, new byte[] {7, 0})
                .option(TcpHeader.OPTION_SACK_PERMITTED, new byte[] {0})
                .option(TcpHeader.OPTION_TIMESTAMPS, new byte[6]).nop().nop().nop().build();
        assertThat(segment).hasSize(44);
        assertThat(wrapAt(0, segment)).isTrue();

        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.optionCount()).isEqualTo(7);
        assertThat(tcp.mss()).isEqualTo(-1);
        assertThat(tcp.windowScale()).isEqualTo(-1);
        assertThat(tcp.sackPermitted()).isFalse();
        assertThat(tcp.hasTimestamps()).isFalse();
    }

    @Test
    void endOfOptionListStopsTheWalk() {
        // EOL, then bytes that would be an MSS option if read
        byte[] segment = tcp().nop().eol().rawOptions(2, 4, 0x05, 0xB4).build();
        assertThat(wrapAt(0, segment)).isTrue();

        assertThat(tcp.optionCount()).isEqualTo(2);
        assertThat(tcp.optionKind(0)).isEqualTo(TcpHeader.OPTION_NOP);
        assertThat(tcp.optionKind(1)).isEqualTo(TcpHeader.OPTION_END);
        assertThat(tcp.optionLength(1)).isEqualTo(1);
        assertThat(tcp.mss()).isEqualTo(-1);
        assertThat(tcp.optionsMalformed()).isFalse();
    }

    @Test
    void fortyNopsAreAllListed() {
        int[] nops = new int[40];
        java.util.Arrays.fill(nops, 1);
        assertThat(wrapAt(0, tcp().rawOptions(nops).build())).isTrue();
        assertThat(tcp.headerLength()).isEqualTo(60);
        assertThat(tcp.optionCount()).isEqualTo(40);
        assertThat(tcp.optionsMalformed()).isFalse();
    }

    @Test
    void optionLengthRunningPastTheHeaderIsMalformed() {
        // MSS fine, then a timestamps option claiming 10 bytes where only 6 remain in the header
        byte[] segment = tcp().mss(1200).rawOptions(8, 10, 0, 0, 0, 1).build();
        assertThat(segment).hasSize(30 + 2);
        assertThat(wrapAt(0, segment)).isTrue();

        assertThat(tcp.headerLength()).isEqualTo(32);
        assertThat(tcp.optionsMalformed()).isTrue();
        assertThat(tcp.mss()).isEqualTo(1200);
        assertThat(tcp.hasTimestamps()).isFalse();
        assertThat(tcp.optionCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void optionLengthBelowTwoIsMalformed(int length) {
        assertThat(wrapAt(0, tcp().rawOptions(2, length, 0, 0).build())).isTrue();
        assertThat(tcp.optionsMalformed()).isTrue();
        assertThat(tcp.mss()).isEqualTo(-1);
        assertThat(tcp.optionCount()).isZero();
    }

    @Test
    void optionKindInTheLastHeaderByteWithoutALengthIsMalformed() {
        assertThat(wrapAt(0, tcp().rawOptions(1, 1, 1, 3).build())).isTrue();
        assertThat(tcp.optionsMalformed()).isTrue();
        assertThat(tcp.optionCount()).isEqualTo(3);
        assertThat(tcp.windowScale()).isEqualTo(-1);
    }

    @Test
    void optionCutShortByTheCaptureIsMalformed() {
        byte[] segment = tcp().mss(1460).nop().windowScale(8).sackPermitted().timestamps(9, 0).build();
        assertThat(wrapAt(0, cut(segment, 33))).isTrue();

        assertThat(tcp.optionsMalformed()).isTrue();
        assertThat(tcp.mss()).isEqualTo(1460);
        assertThat(tcp.windowScale()).isEqualTo(8);
        assertThat(tcp.hasTimestamps()).isFalse();
    }

    @Test
    void optionsCutByTheCaptureBetweenTwoOptionsAreMalformed() {
        byte[] segment = tcp().flags(TcpHeader.SYN).mss(1460).nop().windowScale(8).sackPermitted().timestamps(9, 0)
                .build();
        assertThat(segment).hasSize(40);
        assertThat(wrapAt(0, cut(segment, 30))).isTrue();

        assertThat(tcp.headerLength()).isEqualTo(40);
        assertThat(tcp.mss()).isEqualTo(1460);
        assertThat(tcp.windowScale()).isEqualTo(8);
        assertThat(tcp.sackPermitted()).isTrue();
        assertThat(tcp.hasTimestamps()).isFalse();
        assertThat(tcp.optionsMalformed()).isTrue();
        assertThat(tcp.payloadLength(30)).isZero();
    }

    @Test
    void optionsEndedByEndOfListBeforeTheCaptureEndsAreNotMalformed() {
        byte[] segment = tcp().mss(1460).eol().rawOptions(0, 0, 0, 0, 0, 0, 0).build();
        assertThat(segment).hasSize(32);
        assertThat(wrapAt(0, cut(segment, 26))).isTrue();
        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.mss()).isEqualTo(1460);
        assertThat(tcp.optionCount()).isEqualTo(2);
    }

    @Test
    void payloadLengthIsBoundedByTheCaptureAndTheSegment() {
        byte[] segment = tcp().payload("abcdefghij").build();
        assertThat(wrapAt(0, cut(segment, 25))).isTrue();
        assertThat(tcp.payloadLength(30)).isEqualTo(5);
        assertThat(tcp.payloadLength(22)).isEqualTo(2);
        assertThat(tcp.payloadLength(10)).isZero();
    }

    @Test
    void wrapRefusesFewerThanTwentyBytes() {
        assertThat(wrapAt(0, cut(tcp().build(), 19))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void wrapRefusesADataOffsetBelowFive(int words) {
        assertThat(wrapAt(0, tcp().dataOffset(words).payload("xxxxxxxx").build())).isFalse();
    }

    @Test
    void rewrappingParsesTheNewSegmentsOptions() {
        assertThat(wrapAt(0, tcp().mss(1460).windowScale(2).nop().build())).isTrue();
        assertThat(tcp.mss()).isEqualTo(1460);
        assertThat(wrapAt(0, tcp().timestamps(1, 2).nop().nop().build())).isTrue();
        assertThat(tcp.mss()).isEqualTo(-1);
        assertThat(tcp.windowScale()).isEqualTo(-1);
        assertThat(tcp.tsval()).isEqualTo(1);
        assertThat(tcp.optionCount()).isEqualTo(3);
        assertThat(wrapAt(0, tcp().rawOptions(2, 0, 0, 0).build())).isTrue();
        assertThat(tcp.optionsMalformed()).isTrue();
        assertThat(wrapAt(0, tcp().build())).isTrue();
        assertThat(tcp.optionsMalformed()).isFalse();
        assertThat(tcp.hasTimestamps()).isFalse();
    }

    /** What the option walk reports for one layout: every accessor, in a comparable string. */
    private String options() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tcp.optionCount(); i++) {
            out.append(tcp.optionKind(i)).append('@').append(tcp.optionOffset(i)).append('/').append(tcp.optionLength(i))
                    .append(' ');
        }
        return out.append(tcp.mss()).append(' ').append(tcp.windowScale()).append(' ').append(tcp.sackPermitted())
                .append(' ').append(tcp.sackBlockCount()).append(' ').append(tcp.optionsMalformed()).append(' ')
                .append(tcp.hasTimestamps()).append(' ').append(tcp.tsval()).append(' ').append(tcp.tsecr()).toString();
    }

    @Test
    void theAppendixATimestampLayoutReadsAsTheWalkReadsIt() {
        // NOP NOP TS: the shortcut; asked in either order (timestamps first skip the walk until another question)
        assertThat(wrapAt(6, tcp().nop().nop().timestamps(0xDEADBEEFL, 7).payload("x").build())).isTrue();
        assertThat(options()).isEqualTo("1@26/1 1@27/1 8@28/10 -1 -1 false 0 false true 3735928559 7");
        assertThat(wrapAt(6, tcp().nop().nop().timestamps(0xDEADBEEFL, 7).payload("x").build())).isTrue();
        assertThat(tcp.tsval()).isEqualTo(0xDEADBEEFL);
        assertThat(options()).isEqualTo("1@26/1 1@27/1 8@28/10 -1 -1 false 0 false true 3735928559 7");
        // the same twelve bytes in another order are walked, and say the same of the timestamps
        assertThat(wrapAt(6, tcp().timestamps(0xDEADBEEFL, 7).nop().nop().payload("x").build())).isTrue();
        assertThat(options()).isEqualTo("8@26/10 1@36/1 1@37/1 -1 -1 false 0 false true 3735928559 7");
        // the layout cut short by the capture is not the shortcut's: the walk finds the damage
        byte[] whole = tcp().nop().nop().timestamps(0xDEADBEEFL, 7).build();
        assertThat(tcp.wrap(MemorySegment.ofArray(whole), 0, 30)).isTrue();
        assertThat(tcp.optionsMalformed()).isTrue();
    }
}
