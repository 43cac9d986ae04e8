package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV4;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.ascii;
import static org.unveil.capture.TestPackets.clientHello;
import static org.unveil.capture.TestPackets.decode;
import static org.unveil.capture.TestPackets.ethernet;
import static org.unveil.capture.TestPackets.ipv4;
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;

import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.TestPackets;

class PacketLayersTest {
    @Test
    void httpIsParsedFromTheTcpPayload() {
        byte[] ip = ipv4().build(tcp().payload("GET /p HTTP/1.1\r\nHost: layers.example\r\n\r\n").build());
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ip));

        HttpHead http = layers.http();
        assertThat(http).isNotNull();
        assertThat(http.uri()).isEqualTo("/p");
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("layers.example");
        assertThat(layers.http()).isSameAs(http);
        assertThat(layers.tlsClientHello()).isNull();
    }

    @Test
    void tlsClientHelloIsParsedFromTheTcpPayload() {
        byte[] ip = ipv4().build(tcp().ports(50123, 443).payload(clientHello().serverName("sni.example").build())
                .build());
        PacketLayers layers = decode(LinkType.RAW, ip);

        TlsClientHello hello = layers.tlsClientHello();
        assertThat(hello).isNotNull();
        assertThat(hello.serverName()).isEqualTo("sni.example");
        assertThat(layers.tlsClientHello()).isSameAs(hello);
        assertThat(layers.http()).isNull();
    }

    @Test
    void udpPayloadsCarryHttpHeadsAsSsdpDoesButNeverTls() {
        byte[] ip = ipv4().protocol(UDP).build(udp().build(
                ascii("M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\n\r\n")));
        PacketLayers layers = decode(LinkType.RAW, ip);
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.http()).isNotNull();
        assertThat(layers.http().value(HttpHeader.HOST)).isEqualTo("239.255.255.250:1900");
        byte[] quic = ipv4().protocol(UDP).build(udp().build(clientHello().build()));
        assertThat(decode(LinkType.RAW, quic).tlsClientHello()).isNull();
    }

    @Test
    void emptyTcpPayloadIsNeitherHttpNorTls() {
        PacketLayers layers = decode(LinkType.RAW, ipv4().build(tcp().flags(TcpHeader.ACK).build()));
        assertThat(layers.http()).isNull();
        assertThat(layers.tlsClientHello()).isNull();
    }

    @Test
    void applicationLayersAreForgottenOnTheNextDecode() {
        PacketLayers layers = new PacketLayers();
        byte[] request = ipv4().build(tcp().payload("GET / HTTP/1.1\r\nHost: a\r\n\r\n").build());
        PacketDecoder.decode(TestPackets.packet(LinkType.RAW, request), layers);
        assertThat(layers.http()).isNotNull();

        byte[] hello = ipv4().build(tcp().payload(clientHello().serverName("b.example").build()).build());
        PacketDecoder.decode(TestPackets.packet(LinkType.RAW, hello), layers);
        assertThat(layers.http()).isNull();
        assertThat(layers.tlsClientHello().serverName()).isEqualTo("b.example");

        PacketDecoder.decode(TestPackets.packet(LinkType.RAW, request), layers);
        assertThat(layers.tlsClientHello()).isNull();
        assertThat(layers.http().value(HttpHeader.HOST)).isEqualTo("a");
    }

    @Test
    void httpIsReadOnlyUpToTheCapturedPayload() {
        // padding after the IP packet must not be read as the rest of the head
        byte[] ip = ipv4().build(tcp().payload("GET / HTTP/1.1\r\nHost: pad").build());
        byte[] frame = TestPackets.concat(ethernet(ETHERTYPE_IPV4, ip), ascii("ding\r\n\r\n"));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);
        assertThat(layers.http().value(HttpHeader.HOST)).isEqualTo("pad");
        assertThat(layers.http().isComplete()).isFalse();
    }
}
