package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.icmp;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IcmpHeaderTest {
    private final IcmpHeader icmp = new IcmpHeader();

    private boolean wrapAt(int at, byte[] bytes, boolean version6) {
        return icmp.wrap(MemorySegment.ofArray(concat(new byte[at], bytes)), at, bytes.length, version6);
    }

    @Test
    void everyFieldIsReadFromItsPlace() {
        assertThat(wrapAt(5, icmp(8, 0, 0xF7FF, 0x1234, 0xFFFE, new byte[56]), false)).isTrue();

        assertThat(icmp.isVersion6()).isFalse();
        assertThat(icmp.type()).isEqualTo(8);
        assertThat(icmp.code()).isZero();
        assertThat(icmp.checksum()).isEqualTo(0xF7FF);
        assertThat(icmp.identifier()).isEqualTo(0x1234);
        assertThat(icmp.sequence()).isEqualTo(0xFFFE);
        assertThat(icmp.isError()).isFalse();
        assertThat(icmp.quotedOffset()).isEqualTo(13);
        assertThat(icmp.quotedLength()).isEqualTo(56);
    }

    @Test
    void codeIsTheSecondByte() {
        assertThat(wrapAt(0, icmp(3, 13, 0, 0, 0, new byte[0]), false)).isTrue();
        assertThat(icmp.type()).isEqualTo(3);
        assertThat(icmp.code()).isEqualTo(13);
        assertThat(icmp.quotedLength()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 11, 12})
    void icmpv4ErrorTypesQuoteAPacket(int type) {
        assertThat(wrapAt(0, icmp(type, 0, 0, 0, 0, new byte[28]), false)).isTrue();
        assertThat(icmp.isError()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 6, 8, 9, 10, 13, 14, 15, 16, 17, 18, 30, 42, 43, 255})
    void otherIcmpv4TypesAreNotErrors(int type) {
        assertThat(wrapAt(0, icmp(type, 0, 0, 0, 0, new byte[28]), false)).isTrue();
        assertThat(icmp.isError()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void icmpv6ErrorTypesQuoteAPacket(int type) {
        assertThat(wrapAt(0, icmp(type, 0, 0, 0, 0, new byte[48]), true)).isTrue();
        assertThat(icmp.isVersion6()).isTrue();
        assertThat(icmp.isError()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 11, 12, 127, 128, 129, 133, 134, 135, 136, 143, 255})
    void otherIcmpv6TypesAreNotErrors(int type) {
        assertThat(wrapAt(0, icmp(type, 0, 0, 0, 0, new byte[48]), true)).isTrue();
        assertThat(icmp.isError()).isFalse();
    }

    @Test
    void wrapRefusesFewerThanEightBytes() {
        assertThat(wrapAt(0, new byte[] {8, 0, 0, 0, 0, 0, 0}, false)).isFalse();
        assertThat(wrapAt(0, new byte[] {8, 0, 0, 0, 0, 0, 0, 0}, false)).isTrue();
    }
}
