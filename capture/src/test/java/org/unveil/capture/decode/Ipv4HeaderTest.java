package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.ipv4;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4HeaderTest {
    private final Ipv4Header ip = new Ipv4Header();

    /** Wraps {@code bytes} placed {@code at} bytes into a segment that ends where they do. */
    private boolean wrapAt(int at, byte[] bytes) {
        MemorySegment s = MemorySegment.ofArray(concat(new byte[at], bytes));
        return ip.wrap(s, at, bytes.length);
    }

    @Test
    void everyFieldIsReadFromItsPlace() {
        byte[] header = ipv4().tos(0xB8).id(0xBEEF).df().ttl(57).protocol(UDP).checksum(0x1A2B)
                .source("192.0.2.33").destination("198.51.100.254").build(new byte[12]);
        assertThat(wrapAt(6, header)).isTrue();

        assertThat(ip.headerLength()).isEqualTo(20);
        assertThat(ip.typeOfService()).isEqualTo(0xB8);
        assertThat(ip.totalLength()).isEqualTo(32);
        assertThat(ip.identification()).isEqualTo(0xBEEF);
        assertThat(ip.dontFragment()).isTrue();
        assertThat(ip.moreFragments()).isFalse();
        assertThat(ip.fragmentOffset()).isZero();
        assertThat(ip.isFragment()).isFalse();
        assertThat(ip.ttl()).isEqualTo(57);
        assertThat(ip.protocol()).isEqualTo(UDP);
        assertThat(ip.checksum()).isEqualTo(0x1A2B);
        assertThat(ip.source()).isEqualTo(0xC0000221);
        assertThat(ip.destination()).isEqualTo(0xC63364FE);
        assertThat(ip.optionsLength()).isZero();
        assertThat(ip.offset()).isEqualTo(6);
        assertThat(ip.payloadOffset()).isEqualTo(26);
        assertThat(ip.payloadLength()).isEqualTo(12);
        assertThat(ip.capturedPayloadLength()).isEqualTo(12);
        assertThat(ip.segment().byteSize()).isEqualTo(6 + 32);
    }

    @Test
    void dontFragmentIsFalseWithoutTheFlag() {
        assertThat(wrapAt(0, ipv4().build(new byte[0]))).isTrue();
        assertThat(ip.dontFragment()).isFalse();
    }

    @Test
    void optionsLengthenTheHeaderAndMoveThePayload() {
        byte[] options = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00}; // router alert, NOPs, EOL
        byte[] header = ipv4().options(options).build(new byte[5]);
        assertThat(wrapAt(0, header)).isTrue();

        assertThat(ip.headerLength()).isEqualTo(28);
        assertThat(ip.optionsLength()).isEqualTo(8);
        assertThat(ip.payloadOffset()).isEqualTo(28);
        assertThat(ip.totalLength()).isEqualTo(33);
        assertThat(ip.payloadLength()).isEqualTo(5);
        assertThat(ip.capturedPayloadLength()).isEqualTo(5);
    }

    @Test
    void maximumHeaderOfSixtyBytesIsAccepted() {
        byte[] header = ipv4().options(new byte[40]).build(new byte[0]);
        assertThat(wrapAt(0, header)).isTrue();
        assertThat(ip.headerLength()).isEqualTo(60);
        assertThat(ip.optionsLength()).isEqualTo(40);
    }

    @Test
    void fragmentFieldsAreSplitIntoFlagsAndAByteOffset() {
        assertThat(wrapAt(0, ipv4().id(0x0102).mf().fragmentOffset(2960).build(new byte[8]))).isTrue();
        assertThat(ip.moreFragments()).isTrue();
        assertThat(ip.dontFragment()).isFalse();
        assertThat(ip.fragmentOffset()).isEqualTo(2960);
        assertThat(ip.isFragment()).isTrue();
        assertThat(ip.identification()).isEqualTo(0x0102);
    }

    @Test
    void largestFragmentOffsetIsReadInBytes() {
        assertThat(wrapAt(0, ipv4().df().fragmentOffset(0x1FFF * 8).build(new byte[8]))).isTrue();
        assertThat(ip.fragmentOffset()).isEqualTo(65528);
        assertThat(ip.dontFragment()).isTrue();
        assertThat(ip.moreFragments()).isFalse();
        assertThat(ip.isFragment()).isTrue();
    }

    @Test
    void firstFragmentIsAFragmentAtOffsetZero() {
        assertThat(wrapAt(0, ipv4().mf().build(new byte[8]))).isTrue();
        assertThat(ip.isFragment()).isTrue();
        assertThat(ip.fragmentOffset()).isZero();
    }

    @Test
    void dontFragmentAloneIsNotAFragment() {
        assertThat(wrapAt(0, ipv4().df().build(new byte[8]))).isTrue();
        assertThat(ip.isFragment()).isFalse();
    }

    @Test
    void highAddressesComeBackAsTheirBitPattern() {
        assertThat(wrapAt(0, ipv4().source("255.254.253.252").destination("128.0.0.1").build(new byte[0])))
                .isTrue();
        assertThat(ip.source()).isEqualTo(0xFFFEFDFC);
        assertThat(Integer.toUnsignedLong(ip.destination())).isEqualTo(0x80000001L);
    }

    @Test
    void linkPaddingAfterTheTotalLengthIsNotPayload() {
        byte[] padded = concat(ipv4().build(new byte[6]), new byte[20]);
        assertThat(wrapAt(0, padded)).isTrue();
        assertThat(ip.payloadLength()).isEqualTo(6);
        assertThat(ip.capturedPayloadLength()).isEqualTo(6);
    }

    @Test
    void capturedPayloadIsBoundedByTheCapture() {
        byte[] full = ipv4().build(new byte[1400]);
        assertThat(wrapAt(0, cut(full, 100))).isTrue();
        assertThat(ip.payloadLength()).isEqualTo(1400);
        assertThat(ip.capturedPayloadLength()).isEqualTo(80);
    }

    @Test
    void totalLengthZeroTrustsTheCapture() {
        assertThat(wrapAt(3, ipv4().totalLength(0).build(new byte[4000]))).isTrue();
        assertThat(ip.totalLength()).isZero();
        assertThat(ip.payloadLength()).isZero();
        assertThat(ip.capturedPayloadLength()).isEqualTo(4000);
    }

    @Test
    void wrapRefusesFewerThanTwentyBytes() {
        assertThat(wrapAt(0, cut(ipv4().build(new byte[0]), 19))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 6, 15})
    void wrapRefusesAnotherVersion(int version) {
        assertThat(wrapAt(0, ipv4().version(version).build(new byte[8]))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4})
    void wrapRefusesAnIhlBelowFive(int ihl) {
        assertThat(wrapAt(0, ipv4().ihl(ihl).build(new byte[8]))).isFalse();
    }

    @Test
    void wrapRefusesOptionsThatRunPastTheCapture() {
        byte[] header = ipv4().options(new byte[8]).build(new byte[0]);
        assertThat(wrapAt(0, cut(header, 27))).isFalse();
        assertThat(wrapAt(0, cut(header, 28))).isTrue();
    }

    @Test
    void totalLengthShorterThanTheHeaderLeavesNoPayload() {
        // the view reports what the header says; PacketDecoder judges the contradiction
        assertThat(wrapAt(0, ipv4().totalLength(8).build(new byte[8]))).isTrue();
        assertThat(ip.totalLength()).isEqualTo(8);
        assertThat(ip.payloadLength()).isZero();
        assertThat(ip.capturedPayloadLength()).isZero();
    }
}
