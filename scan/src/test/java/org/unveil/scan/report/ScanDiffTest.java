package org.unveil.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Fixtures;
import org.unveil.scan.LabGeo;
import org.unveil.scan.Scans;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Format;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;

/** `scan diff` of the labelled fixture against a later scan made up so every figure is counted by hand. */
class ScanDiffTest {
    @TempDir
    Path dir;

    // against labelled.csv (responders .10 .70 .130 .131 198.51.100.5, all on 80): .10 kept and also on 443, .11 now
    // answers, .130 now resets, .70 silent, .131 moved to 443, 198.51.100.5 kept, .201 new on 22
    // later.csv (src/test/resources/org/unveil/scan), seven lines: .10 and .11 on 80, .10 and .131 on 443,
    // 198.51.100.5 on 80, .201 on 22, a reset from .130

    @Test
    void appearedAndGoneEqualTheHandCount() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore s = ScanStore.open(dir.resolve("s.duckdb"))) {
            Scans.ingest(s, geo, "a", "labelled.csv", Fixtures.open("labelled.csv"), null, "tcp_synscan", 80,
                    List.of(), 10);
            Scans.ingest(s, geo, "b", "later.csv", Fixtures.open("later.csv"), null, "tcp_synscan",
                    -1, List.of(), 10);
            ScanDiff d = ScanDiff.compare(s, s.scan("a").orElseThrow(), s.scan("b").orElseThrow());
            assertThat(d.responders()).isEqualTo(new ScanDiff.Change(5, 5, 2, 2, 3));
            assertThat(d.ports()).containsExactly(
                    new ScanDiff.PortChange(22, "ssh", 0, 1, 1, 0),
                    new ScanDiff.PortChange(80, "http", 5, 3, 1, 3),
                    new ScanDiff.PortChange(443, "https", 0, 2, 2, 0));
            // appeared .11 (AA, AS64500) and .201 (BB, AS64501); gone .70 (AA, AS64501) and .130 (BB, AS64501)
            assertThat(d.countries()).containsExactly(new ScanDiff.GroupChange("AA", 1, 1),
                    new ScanDiff.GroupChange("BB", 1, 1));
            assertThat(d.asns()).containsExactly(new ScanDiff.GroupChange("64501", 1, 2),
                    new ScanDiff.GroupChange("64500", 1, 0));
            ScanDiff back = ScanDiff.compare(s, s.scan("b").orElseThrow(), s.scan("a").orElseThrow());
            assertThat(back.responders()).isEqualTo(new ScanDiff.Change(5, 5, 2, 2, 3));
            assertThat(back.ports().get(1)).isEqualTo(new ScanDiff.PortChange(80, "http", 3, 5, 3, 1));
        }
    }

    /**
     * IPv6 responders count beside the IPv4 ones, and the two families never meet: ::c000:20a is 192.0.2.10's
     * number, yet one is gone and the other appeared. A: 192.0.2.10, 2001:db8::1 (AA, AS 64500) and 2001:db8:1::5
     * (BB, AS 64500), all on 80. B: 192.0.2.10 on 80, 2001:db8::1 on 443, 2001:db8:2::9 (no country, no AS) and
     * ::c000:20a (outside the geo table) on 80.
     */
    @Test
    void ipv6RespondersAreComparedTooAndNeverMeetIpv4Ones() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        String header = "saddr,sport,classification,success,repeat,ttl,window\n";
        try (ScanStore s = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo a = Ipv6ReportTest.ingest(s, geo, "a", header + """
                    192.0.2.10,80,synack,1,0,60,64240
                    2001:db8::1,80,synack,1,0,64,28800
                    2001:db8:1::5,80,synack,1,0,64,28800
                    """, Format.ZMAP_CSV);
            ScanInfo b = Ipv6ReportTest.ingest(s, geo, "b", header + """
                    192.0.2.10,80,synack,1,0,60,64240
                    2001:db8::1,443,synack,1,0,64,28800
                    2001:db8:2::9,80,synack,1,0,64,28800
                    ::c000:20a,80,synack,1,0,64,28800
                    """, Format.ZMAP_CSV);
            ScanDiff d = ScanDiff.compare(s, a, b);
            assertThat(d.responders()).isEqualTo(new ScanDiff.Change(3, 4, 2, 1, 2));
            assertThat(d.ports()).containsExactly(
                    new ScanDiff.PortChange(80, "http", 3, 3, 2, 2),
                    new ScanDiff.PortChange(443, "https", 0, 1, 1, 0));
            assertThat(d.countries()).containsExactly(new ScanDiff.GroupChange("??", 2, 0),
                    new ScanDiff.GroupChange("BB", 0, 1));
            assertThat(d.asns()).containsExactly(new ScanDiff.GroupChange(null, 2, 0),
                    new ScanDiff.GroupChange("64500", 0, 1));
        }
    }
}
