package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.udp;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UdpHeaderTest {
    private final UdpHeader udp = new UdpHeader();

    private boolean wrapAt(int at, byte[] bytes) {
        return udp.wrap(MemorySegment.ofArray(concat(new byte[at], bytes)), at, bytes.length);
    }

    @Test
    void everyFieldIsReadFromItsPlace() {
        assertThat(wrapAt(9, udp().ports(65535, 123).checksum(0xF00D).build(new byte[48]))).isTrue();

        assertThat(udp.sourcePort()).isEqualTo(65535);
        assertThat(udp.destinationPort()).isEqualTo(123);
        assertThat(udp.length()).isEqualTo(56);
        assertThat(udp.checksum()).isEqualTo(0xF00D);
        assertThat(udp.payloadOffset()).isEqualTo(17);
        assertThat(udp.payloadLength()).isEqualTo(48);
    }

    @Test
    void bytesBeyondTheLengthFieldAreNotPayload() {
        assertThat(wrapAt(0, concat(udp().build(new byte[3]), new byte[10]))).isTrue();
        assertThat(udp.payloadLength()).isEqualTo(3);
    }

    @Test
    void payloadIsBoundedByTheCapture() {
        assertThat(wrapAt(0, cut(udp().build(new byte[500]), 40))).isTrue();
        assertThat(udp.length()).isEqualTo(508);
        assertThat(udp.payloadLength()).isEqualTo(32);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void lengthFieldBelowTheHeaderSizeTrustsTheCapture(int length) {
        // 0 is what jumbograms (RFC 2675) and some offloads leave
        assertThat(wrapAt(0, udp().length(length).build(new byte[20]))).isTrue();
        assertThat(udp.payloadLength()).isEqualTo(20);
    }

    @Test
    void headerOnlyDatagramHasNoPayload() {
        assertThat(wrapAt(0, udp().build(new byte[0]))).isTrue();
        assertThat(udp.length()).isEqualTo(8);
        assertThat(udp.payloadLength()).isZero();
    }

    @Test
    void wrapRefusesFewerThanEightBytes() {
        assertThat(wrapAt(0, cut(udp().build(new byte[4]), 7))).isFalse();
        assertThat(wrapAt(0, new byte[0])).isFalse();
    }
}
