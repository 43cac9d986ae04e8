package org.unveil.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ETHERTYPE_ARP;
import static org.unveil.capture.TestPackets.TCP;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.ethernet;
import static org.unveil.capture.TestPackets.ipv4;
import static org.unveil.capture.TestPackets.ipv6;
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;
import static org.unveil.capture.TestPackets.v6;

import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

class FlowTableTest {
    private static final int SYN = TcpHeader.SYN;
    private static final int ACK = TcpHeader.ACK;
    private static final int SYN_ACK = TcpHeader.SYN | TcpHeader.ACK;
    private static final int PSH_ACK = TcpHeader.PSH | TcpHeader.ACK;

    private final FlowTable table = new FlowTable();
    private final PacketLayers layers = new PacketLayers();

    /** Decodes an IPv4 TCP segment and returns its flow. */
    private int tcp4(String source, int sourcePort, String destination, int destinationPort, int flags) {
        byte[] ip = ipv4().source(source).destination(destination)
                .build(tcp().ports(sourcePort, destinationPort).flags(flags).build());
        return flowOf(ip);
    }

    private int udp4(String source, int sourcePort, String destination, int destinationPort) {
        byte[] ip = ipv4().protocol(UDP).source(source).destination(destination)
                .build(udp().ports(sourcePort, destinationPort).build(new byte[4]));
        return flowOf(ip);
    }

    private int flowOf(byte[] rawIp) {
        PacketDecoder.decode(TestPackets.packet(LinkType.RAW, rawIp), layers);
        return table.flowOf(layers);
    }

    @Test
    void bothDirectionsOfAConversationAreOneFlow() {
        int out = tcp4("10.0.0.2", 40000, "10.0.0.1", 80, PSH_ACK);
        int back = tcp4("10.0.0.1", 80, "10.0.0.2", 40000, ACK);

        assertThat(back).isEqualTo(out);
        assertThat(table.size()).isEqualTo(1);
        FlowKey key = table.key(out);
        // endpoint A is the smaller address
        assertThat(key.protocol()).isEqualTo(TCP);
        assertThat(key.addressA()).isEqualTo("10.0.0.1");
        assertThat(key.portA()).isEqualTo(80);
        assertThat(key.addressB()).isEqualTo("10.0.0.2");
        assertThat(key.portB()).isEqualTo(40000);
        assertThat(key.addressAHigh()).isZero();
        assertThat(key.addressALow()).isEqualTo(0x0000_FFFF_0A00_0001L);
    }

    @Test
    void portsProtocolsAndAddressesSeparateFlows() {
        int a = tcp4("10.0.0.2", 40000, "10.0.0.1", 80, ACK);
        int otherSourcePort = tcp4("10.0.0.2", 40001, "10.0.0.1", 80, ACK);
        int otherDestinationPort = tcp4("10.0.0.2", 40000, "10.0.0.1", 443, ACK);
        int otherAddress = tcp4("10.0.0.3", 40000, "10.0.0.1", 80, ACK);
        int udp = udp4("10.0.0.2", 40000, "10.0.0.1", 80);

        assertThat(new int[] {a, otherSourcePort, otherDestinationPort, otherAddress, udp}).doesNotHaveDuplicates();
        assertThat(table.size()).isEqualTo(5);
        assertThat(table.key(udp).protocol()).isEqualTo(UDP);
    }

    @Test
    void swappedPortsBetweenTheSameHostsAreADifferentFlow() {
        int a = tcp4("10.0.0.1", 1000, "10.0.0.2", 2000, ACK);
        int b = tcp4("10.0.0.1", 2000, "10.0.0.2", 1000, ACK);
        assertThat(b).isNotEqualTo(a);
    }

    @Test
    void synSenderIsTheClient() {
        // the client has the larger address, so it is endpoint B
        int flow = tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN);
        assertThat(table.orientedBySyn(flow)).isTrue();
        assertThat(table.clientIsA(flow)).isFalse();
        assertThat(table.lastSenderIsClient()).isTrue();

        tcp4("10.0.0.1", 80, "10.0.0.9", 40000, SYN_ACK);
        assertThat(table.lastSenderIsClient()).isFalse();
        tcp4("10.0.0.9", 40000, "10.0.0.1", 80, ACK);
        assertThat(table.lastSenderIsClient()).isTrue();
        assertThat(table.clientIsA(flow)).isFalse();
    }

    @Test
    void synAckReceiverIsTheClientWhenTheSynWasMissed() {
        int flow = tcp4("10.0.0.1", 443, "10.0.0.9", 51000, SYN_ACK);
        assertThat(table.orientedBySyn(flow)).isTrue();
        assertThat(table.clientIsA(flow)).isFalse();
        assertThat(table.lastSenderIsClient()).isFalse();

        tcp4("10.0.0.9", 51000, "10.0.0.1", 443, ACK);
        assertThat(table.lastSenderIsClient()).isTrue();
    }

    @Test
    void firstPacketSenderIsTheClientWithoutAHandshake() {
        int flow = udp4("10.0.0.1", 5353, "10.0.0.2", 53);
        assertThat(table.orientedBySyn(flow)).isFalse();
        assertThat(table.clientIsA(flow)).isTrue();
        assertThat(table.lastSenderIsClient()).isTrue();

        udp4("10.0.0.2", 53, "10.0.0.1", 5353);
        assertThat(table.lastSenderIsClient()).isFalse();
        assertThat(table.clientIsA(flow)).isTrue();
    }

    @Test
    void midStreamTcpIsOrientedByItsFirstPacket() {
        int flow = tcp4("10.0.0.8", 22, "10.0.0.3", 60000, PSH_ACK);
        assertThat(table.orientedBySyn(flow)).isFalse();
        // the sender, 10.0.0.8, is endpoint B
        assertThat(table.clientIsA(flow)).isFalse();
        assertThat(table.lastSenderIsClient()).isTrue();
    }

    @Test
    void synArrivingAfterANonSynFirstPacketReorientsTheFlow() {
        // the server's reply is captured first, then the client's SYN (capture reordering, or a late SYN)
        int flow = tcp4("10.0.0.1", 80, "10.0.0.9", 40000, ACK);
        assertThat(table.clientIsA(flow)).isTrue();
        assertThat(table.orientedBySyn(flow)).isFalse();

        assertThat(tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN)).isEqualTo(flow);
        assertThat(table.orientedBySyn(flow)).isTrue();
        assertThat(table.clientIsA(flow)).isFalse();
        assertThat(table.lastSenderIsClient()).isTrue();

        tcp4("10.0.0.1", 80, "10.0.0.9", 40000, ACK);
        assertThat(table.lastSenderIsClient()).isFalse();
    }

    @Test
    void synAckArrivingAfterANonSynFirstPacketReorientsTheFlow() {
        int flow = tcp4("10.0.0.9", 40000, "10.0.0.1", 80, ACK);
        assertThat(table.clientIsA(flow)).isFalse();
        tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN_ACK);
        // 10.0.0.9 answered a SYN, so 10.0.0.1 (A) is the client
        assertThat(table.clientIsA(flow)).isTrue();
        assertThat(table.lastSenderIsClient()).isFalse();
    }

    @Test
    void orientationFromASynIsNotOverturnedLater() {
        int flow = tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN);
        // a SYN from the other side (simultaneous open) or a stray SYN-ACK does not flip the flow
        tcp4("10.0.0.1", 80, "10.0.0.9", 40000, SYN);
        tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN_ACK);
        assertThat(table.clientIsA(flow)).isFalse();
        assertThat(table.orientedBySyn(flow)).isTrue();
    }

    @Test
    void sameAddressOnBothEndsOrdersByPort() {
        int flow = tcp4("127.0.0.1", 9000, "127.0.0.1", 8000, SYN);
        FlowKey key = table.key(flow);
        assertThat(key.portA()).isEqualTo(8000);
        assertThat(key.portB()).isEqualTo(9000);
        assertThat(table.clientIsA(flow)).isFalse();
        assertThat(tcp4("127.0.0.1", 8000, "127.0.0.1", 9000, SYN_ACK)).isEqualTo(flow);
        assertThat(table.lastSenderIsClient()).isFalse();
    }

    @Test
    void highAddressesCompareUnsigned() {
        // 200.x is above 10.x though its top bit makes the int negative
        int flow = tcp4("200.0.0.1", 1, "10.0.0.1", 2, ACK);
        assertThat(table.key(flow).addressA()).isEqualTo("10.0.0.1");
        assertThat(table.key(flow).addressB()).isEqualTo("200.0.0.1");
    }

    @Test
    void ipv6FlowsAreKeyedByTheFullAddresses() {
        byte[] client = v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10);
        byte[] server = v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x1);
        byte[] otherPrefix = v6(0x2001, 0xdb9, 0, 0, 0, 0, 0, 0x10);
        int out = flowOf(ipv6().source(client).destination(server).build(TCP, tcp().ports(50000, 443).flags(SYN)
                .build()));
        int back = flowOf(ipv6().source(server).destination(client).build(TCP, tcp().ports(443, 50000)
                .flags(SYN_ACK).build()));
        int other = flowOf(ipv6().source(otherPrefix).destination(server).build(TCP, tcp().ports(50000, 443)
                .flags(SYN).build()));

        assertThat(back).isEqualTo(out);
        assertThat(other).isNotEqualTo(out);
        FlowKey key = table.key(out);
        assertThat(key.addressA()).isEqualTo("2001:db8::1");
        assertThat(key.portA()).isEqualTo(443);
        assertThat(key.addressB()).isEqualTo("2001:db8::10");
        assertThat(table.clientIsA(out)).isFalse();
    }

    @Test
    void ipv4AndItsMappedIpv6FormAreTheSameEndpoints() {
        int v4 = udp4("192.0.2.1", 1000, "192.0.2.2", 2000);
        int mapped = flowOf(ipv6().source(v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201))
                .destination(v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0202))
                .build(UDP, udp().ports(1000, 2000).build(new byte[0])));
        assertThat(mapped).isEqualTo(v4);
    }

    @Test
    void icmpAndOtherProtocolsHaveZeroPorts() {
        int flow = flowOf(ipv4().protocol(47).source("10.1.1.1").destination("10.1.1.2").build(new byte[8]));
        FlowKey key = table.key(flow);
        assertThat(key.protocol()).isEqualTo(47);
        assertThat(key.portA()).isZero();
        assertThat(key.portB()).isZero();
    }

    @Test
    void packetsWithoutIpHaveNoFlow() {
        PacketDecoder.decode(TestPackets.packet(LinkType.ETHERNET, ethernet(ETHERTYPE_ARP, new byte[28])), layers);
        assertThat(table.flowOf(layers)).isEqualTo(-1);
        assertThat(table.size()).isZero();
    }

    @Test
    void growthPastThousandsOfFlowsKeepsLookupsCorrect() {
        int flows = 50_000;
        int[] ids = new int[flows];
        for (int i = 0; i < flows; i++) {
            String client = "10." + (i >>> 16 & 0xFF) + "." + (i >>> 8 & 0xFF) + "." + (i & 0xFF);
            ids[i] = tcp4(client, 1024 + i % 60000, "192.0.2.80", 80, SYN);
        }
        assertThat(table.size()).isEqualTo(flows);
        assertThat(ids).doesNotHaveDuplicates();
        for (int i = 0; i < flows; i++) {
            assertThat(ids[i]).isEqualTo(i);
        }
        // every flow is found again, from the server's side, and keeps its key and orientation
        for (int i = flows - 1; i >= 0; i--) {
            String client = "10." + (i >>> 16 & 0xFF) + "." + (i >>> 8 & 0xFF) + "." + (i & 0xFF);
            int flow = tcp4("192.0.2.80", 80, client, 1024 + i % 60000, SYN_ACK);
            assertThat(flow).isEqualTo(ids[i]);
            assertThat(table.lastSenderIsClient()).isFalse();
            FlowKey key = table.key(flow);
            assertThat(key.addressA()).isEqualTo(client);
            assertThat(key.portA()).isEqualTo(1024 + i % 60000);
            assertThat(key.portB()).isEqualTo(80);
            assertThat(table.clientIsA(flow)).isTrue();
            assertThat(table.orientedBySyn(flow)).isTrue();
        }
        assertThat(table.size()).isEqualTo(flows);
    }

    @Test
    void flowsDifferingOnlyInTheHighAddressHalfStayApart() {
        int count = 5_000;
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = flowOf(ipv6().source(v6(0x2001, 0xdb8, i, 0, 0, 0, 0, 1)).destination(v6(0x2001, 0xdb8, i, 0, 0,
                    0, 0, 2)).build(UDP, udp().ports(5000, 5000).build(new byte[0])));
        }
        assertThat(ids).doesNotHaveDuplicates();
        for (int i = 0; i < count; i++) {
            int again = flowOf(ipv6().source(v6(0x2001, 0xdb8, i, 0, 0, 0, 0, 2)).destination(v6(0x2001, 0xdb8, i, 0,
                    0, 0, 0, 1)).build(UDP, udp().ports(5000, 5000).build(new byte[0])));
            assertThat(again).isEqualTo(ids[i]);
        }
        assertThat(table.size()).isEqualTo(count);
    }
}
