package org.unveil.scan.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Ipv4;
import org.unveil.scan.LabGeo;
import org.unveil.scan.Scans;
import org.unveil.scan.block.Cidr;
import org.unveil.scan.block.TargetPlan;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.report.Reporter;
import org.unveil.scan.store.ScanStore;

/**
 * Real zmap, all three probe modules, over a lab of 64 addresses (192.0.2.0/26): seven hosts with known listeners,
 * a /27 where every address answers (a middlebox), two opt-outs (one host that listens, four addresses inside the
 * /27). The store must hold exactly the lab's truth for each probe, the report must flag the /27 as answering
 * everywhere, and a capture taken inside the lab namespace must show a probe to every allowed address and none to
 * an opted-out or any other one, and the SYN-ACK windows the store and the report hold. The lab is
 * {@link ZmapLab}'s, made once for the class. Root, zmap, socat, nft and tcpdump needed (installed with apt-get
 * when missing); skipped with the reason otherwise.
 */
class ZmapWideLabTest {
    private static final List<String> HOSTS = List.of("192.0.2.10:80", "192.0.2.11:80,22", "192.0.2.12",
            "192.0.2.13:80", "192.0.2.14:22", "192.0.2.20", "192.0.2.21", "192.0.2.32/27:80");
    /** 192.0.2.20's UDP service: {@link UdpResponder}, one thread, answering every datagram. */
    private static final List<String> UDP = List.of("192.0.2.20:5353");
    /** How long zmap waits for answers after its last probe. */
    private static final int COOLDOWN_SECONDS = 2;
    private static ZmapLab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() throws Exception {
        lab = ZmapLab.up('w', HOSTS, UDP, "zmap", "socat", "nftables", "tcpdump");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static Set<String> range(int first, int last) {
        Set<String> out = new TreeSet<>();
        for (int i = first; i <= last; i++) {
            out.add("192.0.2." + i);
        }
        return out;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> out = new TreeSet<>();
        for (Set<String> s : sets) {
            out.addAll(s);
        }
        return out;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    /** Each probe's answers as "ADDRESS:PORT CLASSIFICATION", and every probe's destinations on the wire. */
    @Test
    void everyProbeFindsTheLabsTruthAndNoProbeReachesAnOptedOutAddress() throws Exception {
        Set<String> optedOut = union(Set.of("192.0.2.13"), range(44, 47));
        Set<String> allowed = minus(range(0, 63), optedOut);
        Set<String> wide = minus(range(32, 63), optedOut);
        // the hosts that are up (an address of their own), less the opted-out .13
        Set<String> up = Set.of("192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.14", "192.0.2.20", "192.0.2.21");

        GeoTable geo = LabGeo.make(dir);
        Path pcap = dir.resolve("lab.pcap");
        Map<String, Set<String>> found = new TreeMap<>();
        Map<String, List<String>> flagged = new TreeMap<>();
        Map<String, Integer> windows = new TreeMap<>(); // the tcp scan's SYN-ACKs: address -> window, from the store
        List<org.unveil.scan.report.ScanReport.Window> reportedWindows = List.of();
        try (ZmapLab.Capture capture = lab.capture(pcap);
                ScanStore store = ScanStore.open(dir.resolve("lab.duckdb"))) {
            store.addOptout("192.0.2.13/32", Ipv4.parse("192.0.2.13"), Ipv4.parse("192.0.2.13"), "lab host");
            store.addOptout("192.0.2.44/30", Ipv4.parse("192.0.2.44"), Ipv4.parse("192.0.2.47"), "in the /27");
            for (Probe probe : Probe.values()) {
                int port = probe == Probe.TCP_SYNSCAN ? 80 : probe == Probe.UDP ? 5353 : -1;
                TargetPlan plan = TargetPlan.of(List.of(Cidr.parse("192.0.2.0/26")),
                        List.of(Cidr.parse("192.0.2.0/24")), store.optouts());
                Path runDir = Files.createDirectory(dir.resolve(probe.label()));
                Scans.Ran ran = Scans.run(store, geo, probe.label(), lab.options(probe, port, COOLDOWN_SECONDS, 11),
                        plan, runDir, s -> { });
                assertThat(ran.zmap().ingest().badLines()).as(probe.label()).isZero();
                assertThat(store.scan(probe.label()).orElseThrow().sent()).as(probe.label()).isEqualTo(59);
                long id = store.scan(probe.label()).orElseThrow().id();
                Set<String> rows = new TreeSet<>();
                try (var s = store.connection().createStatement(); var r = s.executeQuery("SELECT address, port,"
                        + " classification, success, tcp_window FROM results WHERE scan = " + id)) {
                    while (r.next()) {
                        String address = Ipv4.format((int) r.getLong(1));
                        rows.add(address + ":" + r.getInt(2) + " " + r.getString(3));
                        if (probe == Probe.TCP_SYNSCAN && r.getBoolean(4)) {
                            windows.put(address, r.getInt(5));
                        }
                    }
                }
                found.put(probe.label(), rows);
                var report = Reporter.report(store, store.scan(probe.label()).orElseThrow(), geo).scan();
                flagged.put(probe.label(), report.responsivePrefixes());
                if (probe == Probe.TCP_SYNSCAN) {
                    // the report sees the middlebox's answers as responders like any other
                    assertThat(report.responders()).isEqualTo(2 + wide.size());
                    reportedWindows = report.windows();
                }
            }
        }
        Set<String> tcp = new TreeSet<>();
        union(Set.of("192.0.2.10", "192.0.2.11"), wide).forEach(a -> tcp.add(a + ":80 synack"));
        minus(up, Set.of("192.0.2.10", "192.0.2.11")).forEach(a -> tcp.add(a + ":80 rst"));
        Set<String> icmp = new TreeSet<>();
        union(up, wide).forEach(a -> icmp.add(a + ":0 echoreply"));
        Set<String> udp = new TreeSet<>(Set.of("192.0.2.20:5353 udp"));
        minus(union(up, wide), Set.of("192.0.2.20")).forEach(a -> udp.add(a + ":0 icmp-unreach"));
        assertThat(found.get("tcp_synscan")).isEqualTo(tcp).hasSize(30 + 4);
        assertThat(found.get("icmp_echoscan")).isEqualTo(icmp).hasSize(34);
        assertThat(found.get("udp")).isEqualTo(udp).hasSize(34);
        // the /27 answering everywhere (28 addresses scanned, its four opt-outs not) is flagged in its own size, for
        // SYN-ACKs and echo replies; the UDP scan's port unreachables are no successes
        assertThat(flagged.get("tcp_synscan")).containsExactly("192.0.2.32/27");
        assertThat(flagged.get("icmp_echoscan")).containsExactly("192.0.2.32/27");
        assertThat(flagged.get("udp")).isEmpty();
        // the wire, read by tcpdump itself: every packet from the scanner went to an allowed address, and each
        // probe module's probes reached each allowed address once
        String text = ZmapLab.sh("tcpdump", "-r", pcap.toString(), "-n", "src", "192.0.2.1");
        assertThat(text).isNotNull();
        Pattern packet = Pattern.compile("IP 192\\.0\\.2\\.1(?:\\.\\d+)? > (192\\.0\\.2\\.\\d+)(?:\\.(\\d+))?: (.*)");
        Map<String, List<String>> probes = new TreeMap<>(Map.of("syn", new ArrayList<>(), "echo", new ArrayList<>(),
                "udp", new ArrayList<>()));
        Set<String> reached = new TreeSet<>();
        for (String line : text.lines().toList()) {
            Matcher m = packet.matcher(line);
            if (!m.find()) {
                continue;
            }
            reached.add(m.group(1));
            if (m.group(3).startsWith("Flags [S]")) {
                probes.get("syn").add(m.group(1));
            } else if (m.group(3).startsWith("ICMP echo request")) {
                probes.get("echo").add(m.group(1));
            } else if ("5353".equals(m.group(2))) {
                probes.get("udp").add(m.group(1));
            }
        }
        assertThat(reached).isSubsetOf(allowed).doesNotContainAnyElementsOf(optedOut);
        // the SYN-ACKs' windows on the wire (tcpdump's "win N") are the ones stored and counted in the report
        String synacks = ZmapLab.sh("tcpdump", "-r", pcap.toString(), "-n", "tcp src port 80 and tcp[13] == 18");
        assertThat(synacks).isNotNull();
        Pattern synack = Pattern.compile("IP (192\\.0\\.2\\.\\d+)\\.80 > 192\\.0\\.2\\.1\\.\\d+: .*\\bwin (\\d+)");
        Map<String, Integer> wire = new TreeMap<>();
        for (String line : synacks.lines().toList()) {
            Matcher m = synack.matcher(line);
            if (m.find()) {
                wire.putIfAbsent(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        assertThat(windows).isEqualTo(wire).hasSize(30);
        Map<Integer, Long> perWindow = new TreeMap<>();
        wire.values().forEach(w -> perWindow.merge(w, 1L, Long::sum));
        assertThat(reportedWindows).hasSameSizeAs(perWindow.keySet());
        reportedWindows.forEach(w -> assertThat(perWindow.get(w.window())).as("window %d", w.window())
                .isEqualTo(w.responders()));
        for (var e : probes.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).hasSize(59).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(e.getValue())).as(e.getKey()).isEqualTo(allowed);
        }
    }
}
