package org.unveil.synth.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.synth.Seen;
import org.unveil.synth.model.HostProfile;
import org.unveil.generator.stack.IpidModel;
import org.unveil.synth.model.NatModel;
import org.unveil.generator.frame.OptionLayout;
import org.unveil.synth.model.PathModel;
import org.unveil.generator.stack.PortAllocator;
import org.unveil.generator.stack.SynSignature;
import org.unveil.generator.stack.TcpClockModel;
import org.unveil.generator.stack.TcpClockModel.Offset;
import org.unveil.generator.app.TlsProfile;

/** TCP timestamp clocks as configured, measured by a least-squares fit on the packets of an hour's capture. */
class ClockPropertiesTest {
    private static final long HOUR = 60 * Generate.MINUTE;
    private static final long START = Scenario.DEFAULT_START_NANOS;
    @TempDir
    static Path dir;
    static List<HostProfile> hosts = new ArrayList<>();
    static List<Seen> packets;

    private static HostProfile host(int i, TcpClockModel clock) {
        return new HostProfile("test", 0x0A00_0101 + i, new IpidModel.PerConnection(), clock, SynSignature.LINUX,
                new PortAllocator.Random(32768, 60999), "test/" + i, TlsProfile.CURL, 1000L + i);
    }

    @BeforeAll
    static void generate() throws IOException {
        hosts.add(host(0, new TcpClockModel(100, 87.5, Offset.PER_HOST, 0, new long[0])));
        hosts.add(host(1, new TcpClockModel(250, -63.25, Offset.PER_HOST, 0, new long[0])));
        hosts.add(host(2, new TcpClockModel(1000, 12.125, Offset.PER_HOST, 0, new long[0])));
        hosts.add(host(3, new TcpClockModel(1000, -99.0, Offset.PER_DESTINATION, 0, new long[0])));
        hosts.add(host(4, new TcpClockModel(1000, 41.0, Offset.PER_HOST, 15_625_000, new long[0])));
        hosts.add(host(5, TcpClockModel.none()));
        hosts.add(host(6, new TcpClockModel(250, 30, Offset.PER_HOST, 0, new long[] {START + HOUR / 2})));
        Scenario s = Generate.scenario(5, HOUR, hosts, NatModel.NONE, new PathModel(200, 0, 0), 0.3);
        packets = Seen.read(Generate.run(dir, "clock", s).pcap());
    }

    private static List<Seen> from(HostProfile h) {
        return packets.stream().filter(p -> p.from(h.address()) && p.proto() == 6).toList();
    }

    /** The host's timestamped packets (connections to a server without timestamps carry none). */
    private static List<Seen> stamped(HostProfile h) {
        return from(h).stream().filter(Seen::hasTs).toList();
    }

    /** Slope of TSval over capture time, in ticks per second, TSval unwrapped from the first packet. */
    private static double slope(List<Seen> ps) {
        int n = ps.size();
        double mt = 0;
        double mv = 0;
        long first = ps.getFirst().tsval();
        double[] t = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (ps.get(i).nanos() - START) / 1e9;
            v[i] = (double) ((ps.get(i).tsval() - first) & 0xFFFF_FFFFL);
            mt += t[i] / n;
            mv += v[i] / n;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (t[i] - mt) * (v[i] - mv);
            sxx += (t[i] - mt) * (t[i] - mt);
        }
        return sxy / sxx;
    }

    private static double skewPpm(List<Seen> ps, int hz) {
        return (slope(ps) / hz - 1) * 1e6;
    }

    @Test
    void slopeMatchesHzAndSkewWithinOnePpmOverAnHour() {
        for (int i = 0; i < 3; i++) {
            HostProfile h = hosts.get(i);
            List<Seen> ps = stamped(h);
            assertThat(ps.getLast().nanos() - ps.getFirst().nanos()).isGreaterThan(HOUR * 9 / 10);
            assertThat(skewPpm(ps, h.clock().hz())).as("host %d", i).isCloseTo(h.clock().skewPpm(), within(1.0));
        }
    }

    @Test
    void perDestinationOffsetsDifferButShareTheSlope() {
        HostProfile h = hosts.get(3);
        Map<Integer, List<Seen>> byDst = new HashMap<>();
        stamped(h).forEach(p -> byDst.computeIfAbsent(p.dst(), k -> new ArrayList<>()).add(p));
        List<Long> intercepts = new ArrayList<>();
        for (List<Seen> ps : byDst.values()) {
            if (ps.getLast().nanos() - ps.getFirst().nanos() > HOUR / 2) {
                assertThat(skewPpm(ps, 1000)).isCloseTo(h.clock().skewPpm(), within(1.0));
            }
            Seen p = ps.getFirst();
            intercepts.add((p.tsval() - Math.round((p.nanos() - START) / 1e6)) & 0xFFFF_FFFFL);
        }
        assertThat(byDst).hasSizeGreaterThan(3);
        assertThat(intercepts.stream().map(x -> x >> 12).distinct().count()).isEqualTo(intercepts.size());
    }

    @Test
    void windowsTimerGranularityShowsAsSixteenMillisecondSteps() {
        List<Seen> ps = stamped(hosts.get(4));
        List<Long> steps = new ArrayList<>();
        for (int i = 1; i < ps.size(); i++) {
            long d = (ps.get(i).tsval() - ps.get(i - 1).tsval()) & 0xFFFF_FFFFL;
            if (d != 0) {
                steps.add(d);
            }
        }
        assertThat(steps).hasSizeGreaterThan(100).allMatch(d -> d >= 15);
        // a timer of 15.625 ms moves a 1000 Hz count by whole numbers of 15.625 ticks, rounded down
        assertThat(steps).allMatch(d -> Math.abs(d - Math.round(d / 15.625) * 15.625) < 1);
        assertThat(skewPpm(ps, 1000)).isCloseTo(41.0, within(5.0));
        // a continuous 1000 Hz clock takes smaller steps too
        List<Seen> fine = stamped(hosts.get(2));
        long small = 0;
        for (int i = 1; i < fine.size(); i++) {
            long d = (fine.get(i).tsval() - fine.get(i - 1).tsval()) & 0xFFFF_FFFFL;
            small += d > 0 && d < 15 ? 1 : 0;
        }
        assertThat(small).isPositive();
    }

    @Test
    void hostsWithoutTimestampsSendNoTimestampOption() {
        List<Seen> ps = from(hosts.get(5));
        assertThat(ps).hasSizeGreaterThan(100);
        assertThat(ps).noneMatch(Seen::hasTs);
        assertThat(ps.stream().filter(Seen::syn).flatMapToInt(p -> java.util.Arrays.stream(p.optionKinds())))
                .doesNotContain(OptionLayout.TIMESTAMPS);
        // and their servers, not offered timestamps, answer without them
        assertThat(packets).filteredOn(p -> p.dst() == hosts.get(5).address()).noneMatch(Seen::hasTs);
    }

    @Test
    void aRebootRestartsTheClockNearZeroAtTheSameRate() {
        HostProfile h = hosts.get(6);
        long reboot = START + HOUR / 2;
        List<Seen> before = stamped(h).stream().filter(p -> p.nanos() < reboot).toList();
        List<Seen> after = stamped(h).stream().filter(p -> p.nanos() > reboot + Generate.MINUTE).toList();
        assertThat(skewPpm(before, 250)).isCloseTo(30, within(2.0));
        assertThat(skewPpm(after, 250)).isCloseTo(30, within(2.0));
        for (Seen p : after) {
            double sinceReboot = (p.nanos() - reboot) / 1e9 * 250;
            assertThat((double) p.tsval()).isBetween(sinceReboot * 0.99, sinceReboot * 1.01 + (1 << 20));
        }
        Seen last = before.getLast();
        assertThat(after.getFirst().tsval()).isNotEqualTo(last.tsval());
    }
}
