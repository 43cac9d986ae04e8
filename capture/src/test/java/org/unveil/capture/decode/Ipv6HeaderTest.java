package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ICMPV6;
import static org.unveil.capture.TestPackets.TCP;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.bytes;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.ipv6;
import static org.unveil.capture.TestPackets.v6;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.unveil.capture.TestPackets;

class Ipv6HeaderTest {
    private final Ipv6Header ip = new Ipv6Header();

    private boolean wrapAt(int at, byte[] bytes) {
        return ip.wrap(MemorySegment.ofArray(concat(new byte[at], bytes)), at, bytes.length);
    }

    @Test
    void everyFixedFieldIsReadFromItsPlace() {
        byte[] packet = ipv6().trafficClass(0xB8).flowLabel(0xABCDE).hopLimit(255)
                .source(v6(0xfe80, 0, 0, 0, 0x0211, 0x22ff, 0xfe33, 0x4455))
                .destination(v6(0xff02, 0, 0, 0, 0, 0, 0x0001, 0xff33))
                .build(UDP, new byte[30]);
        assertThat(wrapAt(10, packet)).isTrue();

        assertThat(ip.trafficClass()).isEqualTo(0xB8);
        assertThat(ip.flowLabel()).isEqualTo(0xABCDE);
        assertThat(ip.payloadLength()).isEqualTo(30);
        assertThat(ip.nextHeader()).isEqualTo(UDP);
        assertThat(ip.hopLimit()).isEqualTo(255);
        assertThat(ip.sourceHigh()).isEqualTo(0xfe80_0000_0000_0000L);
        assertThat(ip.sourceLow()).isEqualTo(0x0211_22ff_fe33_4455L);
        assertThat(ip.destinationHigh()).isEqualTo(0xff02_0000_0000_0000L);
        assertThat(ip.destinationLow()).isEqualTo(0x0000_0000_0001_ff33L);
        assertThat(ip.upperProtocol()).isEqualTo(UDP);
        assertThat(ip.upperOffset()).isEqualTo(50);
        assertThat(ip.capturedUpperLength()).isEqualTo(30);
        assertThat(ip.extensionCount()).isZero();
        assertThat(ip.extensionsTruncated()).isFalse();
        assertThat(ip.hasFragmentHeader()).isFalse();
        assertThat(ip.fragmentOffset()).isZero();
        assertThat(ip.moreFragments()).isFalse();
        assertThat(ip.fragmentIdentification()).isZero();
        assertThat(ip.offset()).isEqualTo(10);
        assertThat(ip.segment().byteSize()).isEqualTo(80);
    }

    @Test
    void trafficClassAndFlowLabelDoNotBleedIntoEachOther() {
        assertThat(wrapAt(0, ipv6().trafficClass(0xFF).flowLabel(0).build(UDP, new byte[0]))).isTrue();
        assertThat(ip.trafficClass()).isEqualTo(0xFF);
        assertThat(ip.flowLabel()).isZero();
        assertThat(wrapAt(0, ipv6().trafficClass(0).flowLabel(0xFFFFF).build(UDP, new byte[0]))).isTrue();
        assertThat(ip.trafficClass()).isZero();
        assertThat(ip.flowLabel()).isEqualTo(0xFFFFF);
    }

    @Test
    void extensionHeadersAreWalkedToTheUpperProtocol() {
        byte[] packet = ipv6().hopByHop(8).routing(2).destinationOptions(8).build(TCP, new byte[20]);
        assertThat(wrapAt(0, packet)).isTrue();

        assertThat(ip.nextHeader()).isEqualTo(Ipv6Header.HOP_BY_HOP);
        assertThat(ip.extensionCount()).isEqualTo(3);
        assertThat(ip.upperProtocol()).isEqualTo(TCP);
        assertThat(ip.upperOffset()).isEqualTo(40 + 8 + 40 + 8);
        assertThat(ip.capturedUpperLength()).isEqualTo(20);
        assertThat(ip.payloadLength()).isEqualTo(8 + 40 + 8 + 20);
        assertThat(ip.hasFragmentHeader()).isFalse();
    }

    @Test
    void authenticationHeaderLengthIsCountedInFourByteUnits() {
        // 12 fixed bytes + 12 of ICV = 24 bytes: Payload Len 4, which 8-byte units would misread as 40
        byte[] packet = ipv6().authentication(12).build(ICMPV6, new byte[8]);
        assertThat(wrapAt(0, packet)).isTrue();
        assertThat(ip.extensionCount()).isEqualTo(1);
        assertThat(ip.upperProtocol()).isEqualTo(ICMPV6);
        assertThat(ip.upperOffset()).isEqualTo(64);
        assertThat(ip.capturedUpperLength()).isEqualTo(8);
    }

    @Test
    void mobilityHipAndShim6AreWalkedAsExtensions() {
        byte[] eight = bytes().u8(0).zeros(6).toArray();
        byte[] packet = ipv6().extension(Ipv6Header.MOBILITY, eight).extension(Ipv6Header.HIP, eight)
                .extension(Ipv6Header.SHIM6, eight).build(UDP, new byte[8]);
        assertThat(wrapAt(0, packet)).isTrue();
        assertThat(ip.extensionCount()).isEqualTo(3);
        assertThat(ip.upperProtocol()).isEqualTo(UDP);
        assertThat(ip.upperOffset()).isEqualTo(64);
    }

    @Test
    void espEndsTheWalkBecauseWhatFollowsIsEncrypted() {
        byte[] packet = ipv6().hopByHop(8).build(Ipv6Header.ESP, new byte[32]);
        assertThat(wrapAt(0, packet)).isTrue();
        assertThat(ip.extensionCount()).isEqualTo(1);
        assertThat(ip.upperProtocol()).isEqualTo(Ipv6Header.ESP);
        assertThat(ip.upperOffset()).isEqualTo(48);
    }

    @Test
    void noNextHeaderEndsTheWalk() {
        assertThat(wrapAt(0, ipv6().destinationOptions(8).build(Ipv6Header.NO_NEXT_HEADER, new byte[0]))).isTrue();
        assertThat(ip.upperProtocol()).isEqualTo(Ipv6Header.NO_NEXT_HEADER);
        assertThat(ip.capturedUpperLength()).isZero();
    }

    @Test
    void fragmentHeaderFieldsAreRead() {
        byte[] packet = ipv6().fragment(0, true, 0xDEADBEEFL).build(UDP, new byte[16]);
        assertThat(wrapAt(0, packet)).isTrue();

        assertThat(ip.hasFragmentHeader()).isTrue();
        assertThat(ip.fragmentOffset()).isZero();
        assertThat(ip.moreFragments()).isTrue();
        assertThat(ip.fragmentIdentification()).isEqualTo(0xDEADBEEFL);
        assertThat(ip.upperProtocol()).isEqualTo(UDP);
        assertThat(ip.upperOffset()).isEqualTo(48);
        assertThat(ip.extensionCount()).isEqualTo(1);
    }

    @Test
    void laterFragmentStopsTheWalkAtTheFragmentHeader() {
        // what follows the fragment header of a later fragment is data, even if it looks like a header
        byte[] data = ipv6().hopByHop(8).build(UDP, new byte[0]);
        byte[] packet = ipv6().fragment(65528, false, 1).build(Ipv6Header.DESTINATION_OPTIONS, data);
        assertThat(wrapAt(0, packet)).isTrue();

        assertThat(ip.fragmentOffset()).isEqualTo(65528);
        assertThat(ip.moreFragments()).isFalse();
        assertThat(ip.extensionCount()).isEqualTo(1);
        assertThat(ip.upperProtocol()).isEqualTo(Ipv6Header.DESTINATION_OPTIONS);
        assertThat(ip.upperOffset()).isEqualTo(48);
    }

    @Test
    void aLoopOfExtensionHeadersIsCutAtSixteen() {
        TestPackets.Ipv6 builder = ipv6();
        for (int i = 0; i < 20; i++) {
            builder.hopByHop(8);
        }
        assertThat(wrapAt(0, builder.build(TCP, new byte[20]))).isTrue();
        assertThat(ip.extensionCount()).isEqualTo(16);
        assertThat(ip.upperOffset()).isEqualTo(40 + 16 * 8);
    }

    @Test
    void extensionRunningPastTheCaptureLeavesNoUpperLayerBytes() {
        byte[] packet = ipv6().destinationOptions(64).build(TCP, new byte[20]);
        assertThat(wrapAt(0, cut(packet, 40 + 16))).isTrue();
        assertThat(ip.upperOffset()).isEqualTo(56);
        assertThat(ip.capturedUpperLength()).isZero();
    }

    @Test
    void extensionChainCutByTheCaptureIsTruncated() {
        byte[] packet = ipv6().hopByHop(8).destinationOptions(16).build(TCP, new byte[20]);
        // the second header is 16 bytes; the capture ends 4 bytes into it
        assertThat(wrapAt(0, cut(packet, 40 + 8 + 4))).isTrue();
        assertThat(ip.extensionsTruncated()).isTrue();
        assertThat(ip.extensionCount()).isEqualTo(1);
        assertThat(ip.upperProtocol()).isEqualTo(Ipv6Header.DESTINATION_OPTIONS);
        // 12 of its 16 bytes: the length is known but the header runs past the capture
        assertThat(wrapAt(0, cut(packet, 40 + 8 + 12))).isTrue();
        assertThat(ip.extensionsTruncated()).isTrue();
        assertThat(ip.capturedUpperLength()).isZero();
    }

    @Test
    void extensionChainEndingExactlyAtTheCaptureIsNotTruncated() {
        byte[] packet = ipv6().hopByHop(8).build(TCP, new byte[20]);
        assertThat(wrapAt(0, cut(packet, 48))).isTrue();
        assertThat(ip.extensionsTruncated()).isFalse();
        assertThat(ip.upperProtocol()).isEqualTo(TCP);
        assertThat(ip.capturedUpperLength()).isZero();
        assertThat(wrapAt(0, packet)).isTrue();
        assertThat(ip.extensionsTruncated()).isFalse();
    }

    @Test
    void laterFragmentIsNotATruncatedChain() {
        byte[] packet = ipv6().fragment(8, false, 3).build(Ipv6Header.HOP_BY_HOP, new byte[4]);
        assertThat(wrapAt(0, packet)).isTrue();
        assertThat(ip.extensionsTruncated()).isFalse();
    }

    @Test
    void bytesAfterThePayloadLengthAreNotUpperLayerBytes() {
        assertThat(wrapAt(0, concat(ipv6().build(UDP, new byte[12]), new byte[6]))).isTrue();
        assertThat(ip.capturedUpperLength()).isEqualTo(12);
    }

    @Test
    void upperLayerBytesAreBoundedByTheCapture() {
        assertThat(wrapAt(0, cut(ipv6().build(TCP, new byte[1000]), 100))).isTrue();
        assertThat(ip.payloadLength()).isEqualTo(1000);
        assertThat(ip.capturedUpperLength()).isEqualTo(60);
    }

    @Test
    void payloadLengthZeroTrustsTheCapture() {
        assertThat(wrapAt(0, ipv6().payloadLength(0).build(TCP, new byte[70000]))).isTrue();
        assertThat(ip.capturedUpperLength()).isEqualTo(70000);
    }

    @Test
    void wrapRefusesFewerThanFortyBytesOrAnotherVersion() {
        assertThat(wrapAt(0, cut(ipv6().build(UDP, new byte[0]), 39))).isFalse();
        assertThat(wrapAt(0, ipv6().version(4).build(UDP, new byte[0]))).isFalse();
        assertThat(wrapAt(0, ipv6().version(7).build(UDP, new byte[0]))).isFalse();
    }

    @Test
    void rewrappingForgetsTheLastPacketsFragmentHeader() {
        assertThat(wrapAt(0, ipv6().fragment(8, true, 5).build(UDP, new byte[8]))).isTrue();
        assertThat(ip.hasFragmentHeader()).isTrue();
        assertThat(wrapAt(0, ipv6().build(UDP, new byte[8]))).isTrue();
        assertThat(ip.hasFragmentHeader()).isFalse();
        assertThat(ip.fragmentOffset()).isZero();
        assertThat(ip.extensionCount()).isZero();
        assertThat(wrapAt(0, cut(ipv6().hopByHop(8).build(UDP, new byte[8]), 44))).isTrue();
        assertThat(ip.extensionsTruncated()).isTrue();
        assertThat(wrapAt(0, ipv6().build(UDP, new byte[8]))).isTrue();
        assertThat(ip.extensionsTruncated()).isFalse();
    }
}
