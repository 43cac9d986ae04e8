package org.unveil.scan.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.unveil.scan.store.ScanStore;

/**
 * Real zmap against hosts in network namespaces made here (192.0.2.0/24 only, nothing routed out): the store must
 * hold exactly the lab's open and closed ports, and nothing of an opted-out host that listens. The lab is
 * {@link ZmapLab}'s, made once for the class. Needs root, zmap and socat (installed with apt-get when missing);
 * skipped with the reason otherwise.
 */
class ZmapLabTest {
    private static ZmapLab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void lab() throws Exception {
        // .10 and .11 listen on 80, .12 is up with 80 closed, .13 listens on 80 but is opted out, .14 listens on 22
        lab = ZmapLab.up('t', List.of("192.0.2.10:80", "192.0.2.11:80,22", "192.0.2.12", "192.0.2.13:80",
                "192.0.2.14:22"), List.of(), "zmap", "socat");
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * Two shards of one seed probe disjoint parts of the allowed addresses that together are all of them, and a
     * target cap stops zmap at that many: as zmap's own metadata and the store's results say.
     */
    @Test
    void shardsSplitTheAddressesAndACapStopsTheScan() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("shards.duckdb"))) {
            TargetPlan plan = TargetPlan.of(List.of(Cidr.parse("192.0.2.0/27")), List.of(Cidr.parse("192.0.2.0/24")),
                    store.optouts());
            long sent = 0;
            for (int shard = 0; shard < 2; shard++) {
                Path part = Files.createDirectories(dir.resolve("shard-" + shard));
                var options = new ZmapOptions(lab.zmap(), Probe.TCP_SYNSCAN, 80, 1000, lab.iface(), "192.0.2.1",
                        lab.gatewayMac(), 1, 11, null, null, 2, shard);
                Scans.run(store, geo, "shard-" + shard, options, plan, part, s -> { });
                long partSent = store.scan("shard-" + shard).orElseThrow().sent();
                assertThat(partSent).as("shard %d", shard).isBetween(1L, 31L);
                sent += partSent;
            }
            assertThat(sent).as("the two shards' addresses together").isEqualTo(32);
            Set<String> open = new TreeSet<>();
            try (var s = store.connection().createStatement();
                    var r = s.executeQuery("SELECT address, port FROM results WHERE success")) {
                while (r.next()) {
                    open.add(Ipv4.format((int) r.getLong(1)) + ":" + r.getInt(2));
                }
            }
            assertThat(open).as("every open port found by one shard or the other")
                    .containsExactly("192.0.2.10:80", "192.0.2.11:80", "192.0.2.13:80");
            Path capped = Files.createDirectories(dir.resolve("capped"));
            var options = new ZmapOptions(lab.zmap(), Probe.TCP_SYNSCAN, 80, 1000, lab.iface(), "192.0.2.1",
                    lab.gatewayMac(), 1, 11, "2M", "10", 1, 0);
            Scans.run(store, geo, "capped", options, plan, capped, s -> { });
            assertThat(store.scan("capped").orElseThrow().sent()).isEqualTo(10);
        }
    }

    @Test
    void theStoreHoldsExactlyTheLabsPorts() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("lab.duckdb"))) {
            store.addOptout("192.0.2.13/32", Ipv4.parse("192.0.2.13"), Ipv4.parse("192.0.2.13"), "lab opt-out");
            TargetPlan plan = TargetPlan.of(List.of(Cidr.parse("192.0.2.0/27")), List.of(Cidr.parse("192.0.2.0/24")),
                    store.optouts());
            var options = lab.options(Probe.TCP_SYNSCAN, 80, 1, 7);
            List<ZmapStatus> statuses = new ArrayList<>();
            Scans.Ran ran = Scans.run(store, geo, "lab", options, plan, dir, statuses::add);
            assertThat(ran.zmap().ingest().badLines()).isZero();
            Set<String> open = new TreeSet<>();
            Set<String> closed = new TreeSet<>();
            try (var s = store.connection().createStatement();
                    var r = s.executeQuery("SELECT address, port, success, classification FROM results")) {
                while (r.next()) {
                    String key = Ipv4.format((int) r.getLong(1)) + ":" + r.getInt(2);
                    (r.getBoolean(3) ? open : closed).add(key + (r.getBoolean(3) ? "" : "/" + r.getString(4)));
                }
            }
            assertThat(open).containsExactly("192.0.2.10:80", "192.0.2.11:80");
            assertThat(closed).containsExactly("192.0.2.12:80/rst", "192.0.2.14:80/rst");
            var scan = store.scan("lab").orElseThrow();
            assertThat(scan.scanner()).isEqualTo(ZmapRunner.version(List.of("zmap")).text());
            assertThat(scan.metadata()).contains("\"probe_module\": \"tcp_synscan\"");
            // 32 addresses less the opted-out one: what zmap was allowed, what it says it sent
            assertThat(scan.metadata()).contains("\"blacklist_total_allowed\": 31");
            assertThat(scan.sent()).isEqualTo(31);
            assertThat(statuses).isNotEmpty();
            assertThat(Files.readAllLines(dir.resolve("block.txt"))).contains("192.0.2.13/32", "10.0.0.0/8");
        }
    }
}
