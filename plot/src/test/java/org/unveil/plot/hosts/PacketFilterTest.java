package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

class PacketFilterTest {
    static final String C = "192.0.2.1";
    static final String S = "198.51.100.7";

    /** Packet i is described on its line. */
    static final Traffic TRAFFIC = new Traffic()
            .tcpFrom(C, 40000, S, 80, 1, 111, true, null) // 0: TCP with timestamps, HTTP port
            .tcpFrom(C, 40001, S, 22, 2, -1, false, null) // 1: TCP without timestamps, SSH port
            .udpFrom(C, 40002, "192.0.2.53", 53, 3) // 2: DNS
            .udpFrom(C, 40003, S, 123, 4) // 3: NTP
            .tcpFrom(C, 40004, S, 8000, 5, -1, false, "GET / HTTP/1.1\r\nHost: x\r\n\r\n") // 4: HTTP on an odd port
            .tcpFrom(C, 40005, S, 443, 6, 222, false, null) // 5: TCP with timestamps, HTTPS port
            .tcpFrom(C, 40006, S, 22, 7, 333, false, "SSH-2.0-OpenSSH_9.6\r\n"); // 6: SSH with timestamps

    private static List<Integer> selected(String spec) {
        PacketFilter filter = PacketFilter.parse(spec);
        PacketLayers layers = new PacketLayers();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < TRAFFIC.packets.size(); i++) {
            if (filter.test(PacketDecoder.decode(TRAFFIC.packets.get(i), layers))) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void eachFilterSelectsExactlyItsPackets() {
        assertThat(selected("")).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(selected("ts")).containsExactly(0, 5, 6);
        assertThat(selected("no-ts")).containsExactly(1, 2, 3, 4);
        assertThat(selected("tcp")).containsExactly(0, 1, 4, 5, 6);
        assertThat(selected("udp")).containsExactly(2, 3);
        assertThat(selected("non-http-dns")).containsExactly(1, 3, 6);
        assertThat(selected("port=22")).containsExactly(1, 6);
        assertThat(selected("port=123")).containsExactly(3);
    }

    @Test
    void filtersCombineAndAllMustHold() {
        assertThat(selected("no-ts,tcp")).containsExactly(1, 4);
        assertThat(selected("no-ts, non-http-dns")).containsExactly(1, 3);
        assertThat(selected("ts,port=443")).containsExactly(5);
        assertThat(selected("tcp,udp")).isEmpty();
    }

    @Test
    void anUnknownFilterNamesTheKnownOnes() {
        assertThatThrownBy(() -> PacketFilter.parse("no-ts,http")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown filter 'http'").hasMessageContaining("non-http-dns")
                .hasMessageContaining("port=N");
        assertThatThrownBy(() -> PacketFilter.parse("port=65536")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> PacketFilter.parse("port=x")).hasMessageContaining("0 to 65535");
    }
}
