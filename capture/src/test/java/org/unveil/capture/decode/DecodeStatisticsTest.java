package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unveil.capture.Packet;

/** Every packet decoding skipped is counted, and the summary line says how many of each kind. */
class DecodeStatisticsTest {
    private static PacketLayers decode(int linkType, byte[] bytes) {
        return PacketDecoder.decode(Packet.of(linkType, 0, bytes), new PacketLayers());
    }

    @Test
    void countsEachKindAndSaysNothingWhenAllWasDecoded() {
        DecodeStatistics s = new DecodeStatistics();
        assertThat(s.summary()).isNull();
        s.add(decode(147, new byte[20])); // LINKTYPE_USER0: no decoder
        byte[] badVersion = new byte[40];
        badVersion[0] = 0x75; // IPv7 on raw IP
        s.add(decode(101, badVersion));
        s.unused("not IPv4");
        assertThat(s.unsupportedLink()).isEqualTo(1);
        assertThat(s.malformed()).isEqualTo(1);
        assertThat(s.summary()).isEqualTo("2 packets read: 1 with malformed headers (not decoded past them);"
                + " 1 of a link type Unveil does not decode; 1 left out: not IPv4");
        DecodeStatistics total = new DecodeStatistics();
        total.merge(s);
        total.merge(s);
        assertThat(total.summary()).startsWith("4 packets read: 2 with malformed");
    }
}
