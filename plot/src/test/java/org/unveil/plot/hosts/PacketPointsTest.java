package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.hosts.EvidenceCollector;

class PacketPointsTest {
    static final String NAT = "192.0.2.1";
    static final String OTHER = "192.0.2.9";
    static final String S = "198.51.100.7";
    static final String EVIL_UA = "<script>alert(1)</script>";

    /**
     * Packet numbers (from 1) as commented: host A (timestamps, IPIDs 100..) and host B (no timestamps, IPIDs
     * 9000..) behind NAT, the server's answers, and one packet of another address.
     */
    static Traffic traffic() {
        return new Traffic()
                .tcpFrom(NAT, 40000, S, 80, 100, 5000, true, null) // 1
                .tcpTo(NAT, 40000, S, 80) // 2
                .tcpFrom(NAT, 40000, S, 80, 101, 5001, false, "GET / HTTP/1.1\r\nUser-Agent: curl/8.5.0\r\n\r\n") // 3
                .tcpFrom(NAT, 50000, S, 80, 9000, -1, true, null) // 4
                .tcpFrom(NAT, 50000, S, 80, 9001, -1, false, "GET / HTTP/1.1\r\nUser-Agent: " + EVIL_UA + "\r\n\r\n") // 5
                .tcpTo(NAT, 50000, S, 80) // 6
                .tcpFrom(OTHER, 41000, S, 80, 77, 42, true, null) // 7
                .tcpFrom(NAT, 40001, S, 443, 102, 5002, true, null); // 8
    }

    static List<Long> column(PointSample s, YAxis axis) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(axis == null ? s.number(i) : s.value(axis, i));
        }
        return out;
    }

    @Test
    void everyPacketAnOpeningHostSentIsAPointWithItsValues() {
        PointSample s = traffic().feed(PacketPoints.of(new EvidenceCollector(), null, PacketFilter.ALL, 100)).sample();
        assertThat(column(s, null)).containsExactly(1L, 3L, 4L, 5L, 7L, 8L);
        assertThat(column(s, YAxis.IPID)).containsExactly(100L, 101L, 9000L, 9001L, 77L, 102L);
        assertThat(column(s, YAxis.TSVAL)).containsExactly(5000L, 5001L, PointSample.NONE, PointSample.NONE, 42L, 5002L);
        assertThat(column(s, YAxis.SPORT)).containsExactly(40000L, 40000L, 50000L, 50000L, 41000L, 40001L);
        assertThat(column(s, YAxis.TTL)).containsOnly(63L);
        assertThat(s.nanos(0)).isEqualTo(Traffic.T0);
        assertThat(s.nanos(5)).isEqualTo(Traffic.T0 + 7_000_000L);
    }

    @Test
    void pointsCarryTheirFlowSoTheyCanBeColouredLater() {
        PacketPoints points = traffic().feed(PacketPoints.of(new EvidenceCollector(), null, PacketFilter.ALL, 100));
        PointSample s = points.sample();
        assertThat(points.flows().get(s.flow(0)).clientPort()).isEqualTo(40000);
        assertThat(s.flow(1)).isEqualTo(s.flow(0));
        assertThat(points.flows().get(s.flow(3)).userAgent()).isEqualTo(EVIL_UA);
        assertThat(points.flows().get(s.flow(4)).client()).isEqualTo(OTHER);
    }

    @Test
    void anAddressAndAFilterNarrowThePoints() {
        PointSample nat = traffic().feed(PacketPoints.of(new EvidenceCollector(), NAT, PacketFilter.ALL, 100)).sample();
        assertThat(column(nat, null)).containsExactly(1L, 3L, 4L, 5L, 8L);
        PointSample noTs = traffic().feed(PacketPoints.of(new EvidenceCollector(), null, PacketFilter.parse("no-ts"), 100))
                .sample();
        assertThat(column(noTs, null)).containsExactly(4L, 5L);
        PointSample https = traffic().feed(PacketPoints.of(new EvidenceCollector(), NAT, PacketFilter.parse("port=443"),
                100)).sample();
        assertThat(column(https, null)).containsExactly(8L);
    }

    @Test
    void aReportKeepsOneSamplePerAddress() {
        PacketPoints points = traffic().feed(PacketPoints.perAddress(new EvidenceCollector(), 100, 1000));
        assertThat(column(points.sample(NAT), null)).containsExactly(1L, 3L, 4L, 5L, 8L);
        assertThat(column(points.sample(OTHER), null)).containsExactly(7L);
        assertThat(points.sample(S).size()).isZero();
        assertThat(points.packets()).isEqualTo(8);
        assertThat(points.firstNanos()).isEqualTo(Traffic.T0);
    }

    @Test
    void allAddressesTogetherStayWithinTheBudgetEvenlyThinned() {
        Traffic t = new Traffic();
        for (int i = 0; i < 40; i++) {
            t.udpFrom(i % 2 == 0 ? NAT : OTHER, 5000, S, 123, i);
        }
        PacketPoints points = t.feed(PacketPoints.perAddress(new EvidenceCollector(), 1000, 8));
        PointSample a = points.sample(NAT);
        PointSample b = points.sample(OTHER);
        assertThat(a.size() + b.size()).isBetween(2, 8);
        for (PointSample s : List.of(a, b)) {
            assertThat(s.offered()).isEqualTo(20);
            // each address's packets are every other packet of the run: kept are those its stride chooses
            for (int i = 0; i < s.size(); i++) {
                assertThat(PointSample.kept(s.number(i), s.stride())).isTrue();
                if (i > 0) {
                    assertThat(s.number(i)).isGreaterThan(s.number(i - 1));
                }
            }
        }
    }
}
