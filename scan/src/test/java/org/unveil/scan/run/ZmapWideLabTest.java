package org.unveil.scan.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * /27). The store must hold exactly the lab's truth for each probe, and a capture taken inside the lab namespace
 * must show a probe to every allowed address and none to an opted-out or any other one. Root, zmap, socat, nft
 * and tcpdump needed (installed with apt-get when missing); skipped with the reason otherwise.
 */
class ZmapWideLabTest {
    private static final Path LAB = Path.of("lab/lab").toAbsolutePath();
    private static final String TAG = "w" + ProcessHandle.current().pid() % 100000;
    private static final String[] HOSTS = {"192.0.2.10:80", "192.0.2.11:80,22", "192.0.2.12", "192.0.2.13:80",
        "192.0.2.14:22", "192.0.2.20:u5353", "192.0.2.21", "192.0.2.32/27:80"};
    private static Map<String, String> env = new TreeMap<>();

    @TempDir
    Path dir;

    private static String sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : null;
    }

    private static boolean have(String program) throws Exception {
        return sh("sh", "-c", "command -v " + program + " || test -x /usr/sbin/" + program) != null;
    }

    /**
     * How long zmap waits for answers after its last probe: the UDP responder forks a shell per datagram, and on a
     * loaded machine its answer once came after a 1 s cooldown (the udp run then lacked 192.0.2.20:5353).
     */
    private static final int COOLDOWN_SECONDS = 4;

    @BeforeAll
    static void lab() throws Exception {
        String uid = sh("id", "-u");
        Assumptions.assumeTrue(uid != null && uid.strip().equals("0"),
                "not root: network namespaces and zmap's raw sockets need root; the wide lab test is skipped");
        List<String> missing = new ArrayList<>();
        for (String[] tool : new String[][] {{"zmap", "zmap"}, {"socat", "socat"}, {"nft", "nftables"},
            {"tcpdump", "tcpdump"}}) {
            if (!have(tool[0])) {
                missing.add(tool[1]);
            }
        }
        if (!missing.isEmpty()) {
            sh("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " + String.join(" ", missing));
        }
        Assumptions.assumeTrue(have("zmap") && have("socat") && have("nft") && have("tcpdump"),
                "zmap, socat, nft or tcpdump is missing and apt-get could not install them; the wide lab test is"
                        + " skipped");
        List<String> up = new ArrayList<>(List.of(LAB.toString(), "up", TAG));
        up.addAll(List.of(HOSTS));
        Assumptions.assumeTrue(sh(up.toArray(String[]::new)) != null, "the lab's namespaces could not be made");
        for (String kv : sh(LAB.toString(), "env", TAG).strip().split(" ")) {
            String[] p = kv.split("=", 2);
            env.put(p[0], p[1]);
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (Files.isExecutable(LAB)) {
            sh(LAB.toString(), "down", TAG);
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
        Process capture = new ProcessBuilder("ip", "netns", "exec", env.get("LAB_NS"), "tcpdump", "-i",
                env.get("LAB_IF"), "-n", "-U", "-w", pcap.toString(), "ip").redirectOutput(
                        ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(capture.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line = err.readLine(); // "listening on …": the capture is on before the first probe
            assertThat(line).as("tcpdump started").contains("listening on");
            Map<String, Set<String>> found = new TreeMap<>();
            try (ScanStore store = ScanStore.open(dir.resolve("lab.duckdb"))) {
                store.addOptout("192.0.2.13/32", Ipv4.parse("192.0.2.13"), Ipv4.parse("192.0.2.13"), "lab host");
                store.addOptout("192.0.2.44/30", Ipv4.parse("192.0.2.44"), Ipv4.parse("192.0.2.47"), "in the /27");
                for (Probe probe : Probe.values()) {
                    int port = probe == Probe.TCP_SYNSCAN ? 80 : probe == Probe.UDP ? 5353 : -1;
                    TargetPlan plan = TargetPlan.of(List.of(Cidr.parse("192.0.2.0/26")),
                            List.of(Cidr.parse("192.0.2.0/24")), store.optouts());
                    var options = new ZmapOptions(List.of("ip", "netns", "exec", env.get("SCANNER_NS"), "zmap"), probe,
                            port, 1000, env.get("IFACE"), "192.0.2.1", env.get("GATEWAY_MAC"), COOLDOWN_SECONDS, 11);
                    Path runDir = Files.createDirectory(dir.resolve(probe.label()));
                    Scans.Ran ran = Scans.run(store, geo, probe.label(), options, plan, runDir, s -> { });
                    assertThat(ran.zmap().ingest().badLines()).as(probe.label()).isZero();
                    assertThat(store.scan(probe.label()).orElseThrow().sent()).as(probe.label()).isEqualTo(59);
                    Set<String> rows = new TreeSet<>();
                    try (var s = store.connection().createStatement(); var r = s.executeQuery("SELECT address, port,"
                            + " classification FROM results WHERE scan = " + store.scan(probe.label()).orElseThrow().id())) {
                        while (r.next()) {
                            rows.add(Ipv4.format((int) r.getLong(1)) + ":" + r.getInt(2) + " " + r.getString(3));
                        }
                    }
                    found.put(probe.label(), rows);
                    if (probe == Probe.TCP_SYNSCAN) {
                        // the report sees the middlebox's answers as responders like any other
                        assertThat(Reporter.report(store, store.scan("tcp_synscan").orElseThrow(), geo).scan()
                                .responders()).isEqualTo(2 + wide.size());
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
            // the lab's UDP responder (socat forking a shell) sometimes never answers: truth is the wire, so an
            // answer tcpdump did not see leaving the lab is not expected of the scanner
            String answered = sh("tcpdump", "-r", pcap.toString(), "-n", "src 192.0.2.20 and udp src port 5353");
            if (answered == null || answered.isBlank()) {
                System.err.println("ZmapWideLabTest: the lab's responder sent no answer from 192.0.2.20:5353");
                udp.remove("192.0.2.20:5353 udp");
            }
            assertThat(found.get("udp")).isEqualTo(udp).hasSizeBetween(33, 34);
        } finally {
            capture.destroy(); // SIGTERM: tcpdump writes out what it holds and exits
            capture.waitFor(10, TimeUnit.SECONDS);
        }
        // the wire, read by tcpdump itself: every packet from the scanner went to an allowed address, and each
        // probe module's probes reached each allowed address once
        String text = sh("tcpdump", "-r", pcap.toString(), "-n", "src", "192.0.2.1");
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
        for (var e : probes.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).hasSize(59).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(e.getValue())).as(e.getKey()).isEqualTo(allowed);
        }
    }
}
