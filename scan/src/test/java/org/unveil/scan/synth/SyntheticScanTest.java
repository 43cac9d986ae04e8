package org.unveil.scan.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Fixtures;
import org.unveil.scan.Ipv4;
import org.unveil.scan.LabGeo;
import org.unveil.scan.Scans;
import org.unveil.scan.geo.GeoFile;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.report.Reporter;
import org.unveil.scan.report.ScanReport;
import org.unveil.scan.store.ScanStore;

/** The synthetic scan: deterministic, and its truth is what ingest and report find in it. */
class SyntheticScanTest {
    @TempDir
    Path dir;

    private static List<long[]> range(String first, String last) {
        return List.of(new long[] {Ipv4.parse(first), Ipv4.parse(last)});
    }

    private static String make(GeoTable geo, List<long[]> targets, double rate, long seed, SyntheticScan.Truth[] truth)
            throws Exception {
        StringWriter out = new StringWriter();
        truth[0] = SyntheticScan.write(geo, new SyntheticScan.Options(targets, rate, 80, seed), out);
        return out.toString();
    }

    private ScanReport ingest(GeoTable geo, String csv, List<long[]> targets) throws Exception {
        try (ScanStore s = ScanStore.open(dir.resolve("s" + System.nanoTime() + ".duckdb"))) {
            Scans.ingest(s, geo, "synth", "synth.csv", Fixtures.text(csv), null,
                    "tcp_synscan", 80, targets, 10);
            return Reporter.report(s, s.scan("synth").orElseThrow(), geo);
        }
    }

    @Test
    void sameSeedSameFileAndTheTruthIsWhatTheReportFinds() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        // AA: 192.0.2.0/25 and 198.51.100.0/24; BB: 192.0.2.128/25; 203.0.113.0/24 unknown
        List<long[]> targets = List.of(new long[] {Ipv4.parse("192.0.2.0"), Ipv4.parse("192.0.2.255")},
                new long[] {Ipv4.parse("198.51.100.0"), Ipv4.parse("198.51.100.255")},
                new long[] {Ipv4.parse("203.0.113.0"), Ipv4.parse("203.0.113.255")});
        SyntheticScan.Truth[] t = new SyntheticScan.Truth[1];
        SyntheticScan.Truth[] again = new SyntheticScan.Truth[1];
        String csv = make(geo, targets, 0.3, 7, t);
        assertThat(make(geo, targets, 0.3, 7, again)).isEqualTo(csv);
        assertThat(make(geo, targets, 0.3, 8, again)).isNotEqualTo(csv);
        assertThat(csv).startsWith(SyntheticScan.HEADER + "\n");
        assertThat(csv.lines().count() - 1).isEqualTo(t[0].lines());
        assertThat(t[0].countries()).extracting(SyntheticScan.Country::country, SyntheticScan.Country::scanned)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("??", 256L),
                        org.assertj.core.groups.Tuple.tuple("AA", 384L), org.assertj.core.groups.Tuple.tuple("BB", 128L));
        // counted from the text itself: distinct addresses with success 1
        long responders = csv.lines().skip(1).filter(l -> l.contains(",synack,1,")).map(l -> l.split(",")[0])
                .distinct().count();
        assertThat(t[0].responders()).isEqualTo(responders).isBetween(100L, 260L);
        ScanReport.Scan r = ingest(geo, csv, targets).scan();
        assertThat(r.responders()).isEqualTo(t[0].responders());
        assertThat(r.scanned()).isEqualTo(t[0].scanned()).isEqualTo(768);
        assertThat(r.countries().stream().collect(Collectors.toMap(ScanReport.Country::country,
                c -> List.of(c.scanned(), c.responders())))).isEqualTo(t[0].countries().stream()
                .filter(c -> c.responders() > 0)
                .collect(Collectors.toMap(SyntheticScan.Country::country, c -> List.of(c.scanned(), c.responders()))));
    }

    @Test
    void theWholeSpaceFollowsTheGeoTablesCountryMix() throws Exception {
        GeoTable geo = GeoFile.shipped();
        List<long[]> all = range("0.0.0.0", "255.255.255.255");
        SyntheticScan.Truth[] t = new SyntheticScan.Truth[1];
        String csv = make(geo, all, 1e-5, 15, t);
        assertThat(t[0].scanned()).isEqualTo(1L << 32);
        // about 4.3 G x 1e-5 x (mean factor 1, a tenth in unknown space)
        assertThat(t[0].responders()).isBetween(10_000L, 60_000L);
        ScanReport.Scan r = ingest(geo, csv, all).scan();
        assertThat(r.responders()).isEqualTo(t[0].responders());
        Map<String, Long> truth = t[0].countries().stream().filter(c -> c.responders() > 0)
                .collect(Collectors.toMap(SyntheticScan.Country::country, SyntheticScan.Country::responders));
        assertThat(r.countries().stream().collect(Collectors.toMap(ScanReport.Country::country,
                ScanReport.Country::responders))).isEqualTo(truth);
        // the country with the most address space has the most responders within its factor's spread
        SyntheticScan.Country biggest = t[0].countries().stream().filter(c -> !c.country().equals("??"))
                .max(java.util.Comparator.comparingLong(SyntheticScan.Country::scanned)).orElseThrow();
        assertThat(biggest.country()).isEqualTo("US");
        double rate = (double) biggest.responders() / biggest.scanned();
        assertThat(rate).isBetween(0.2e-5, 1.8e-5);
    }
}
