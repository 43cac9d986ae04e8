package org.unveil.scan.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Fixtures;
import org.unveil.scan.Ipv4;
import org.unveil.scan.LabGeo;
import org.unveil.scan.Scans;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.report.Reporter;
import org.unveil.scan.report.ScanDiff;
import org.unveil.scan.report.ScanReport;
import org.unveil.scan.store.ScanStore;

/**
 * The dashboard in headless Chromium, served and as `report --html`'s file, over a store of the labelled fixture:
 * the numbers in the DOM are the report's (and the hand count's), the map and charts are drawn, no script error.
 */
class DashboardBrowserTest {
    @TempDir
    Path dir;

    private GeoTable store(Path file) throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore s = ScanStore.open(file)) {
            Scans.ingest(s, geo, "lab", "labelled.csv", Fixtures.open("labelled.csv"), null, "tcp_synscan", 80,
                    List.of(new long[] {Ipv4.parse("192.0.2.0"), Ipv4.parse("192.0.2.255")},
                            new long[] {Ipv4.parse("198.51.100.0"), Ipv4.parse("198.51.100.15")}), 10);
        }
        return geo;
    }

    @Test
    void theServedPageShowsTheReportsNumbers() throws Exception {
        Path file = dir.resolve("s.duckdb");
        GeoTable geo = store(file);
        try (ScanStore s = ScanStore.openReadOnly(file);
                Dashboard d = Dashboard.start(s, geo, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ScanReport report = Reporter.report(s, s.scan("lab").orElseThrow(), geo);
            Chromium.Loaded page = Chromium.load(d.uri() + "?scan=lab", Files.createDirectory(dir.resolve("p1")));
            assertShows(page, report);
        }
    }

    /** The later scan of ScanDiffTest beside the fixture; the diff view's numbers are the API's, hand-counted there. */
    @Test
    void theServedPageShowsTheChangeSinceAnEarlierScan() throws Exception {
        Path file = dir.resolve("s.duckdb");
        GeoTable geo = store(file);
        try (ScanStore s = ScanStore.open(file)) {
            Scans.ingest(s, geo, "later", "later.csv", Fixtures.open("later.csv"), null,
                    "tcp_synscan", -1, List.of(), 10);
        }
        try (ScanStore s = ScanStore.openReadOnly(file);
                Dashboard d = Dashboard.start(s, geo, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ScanDiff diff = ScanDiff.compare(s, s.scan("lab").orElseThrow(), s.scan("later").orElseThrow());
            // no ?diff=: the scan before the one shown is the one compared with
            Chromium.Loaded page = Chromium.load(d.uri() + "?scan=later", Files.createDirectory(dir.resolve("p3")));
            String dom = page.dom();
            assertThat(dom).as("page finished rendering; chromium said:\n" + page.log()).contains("data-ready=\"true\"");
            assertThat(text(dom, "<div id=\"errors\">", "</div>")).isEmpty();
            assertThat(page.log()).doesNotContain("Uncaught").doesNotContain(":ERROR:CONSOLE");
            assertThat(dom).contains("<section id=\"diff\">").contains("<option value=\"lab\" selected=\"\">lab</option>");
            // ScanDiffTest's hand count: 5 responders before, 2 appeared, 2 gone, 3 kept
            assertThat(diff.responders()).isEqualTo(new ScanDiff.Change(5, 5, 2, 2, 3));
            assertThat(value(dom, "id=\"diff-before\"")).isEqualTo("5");
            assertThat(value(dom, "id=\"diff-appeared\"")).isEqualTo(String.valueOf(diff.responders().appeared()));
            assertThat(value(dom, "id=\"diff-gone\"")).isEqualTo(String.valueOf(diff.responders().gone()));
            assertThat(value(dom, "id=\"diff-kept\"")).isEqualTo(String.valueOf(diff.responders().kept()));
            for (ScanDiff.PortChange p : diff.ports()) {
                String row = text(dom, "<tr data-diff-port=\"" + p.port() + "\">", "</tr>");
                assertThat(row).contains(p.service());
                assertThat(value(row, "class=\"from\"")).isEqualTo(String.valueOf(p.from()));
                assertThat(value(row, "class=\"to\"")).isEqualTo(String.valueOf(p.to()));
                assertThat(value(row, "class=\"appeared\"")).isEqualTo(String.valueOf(p.appeared()));
                assertThat(value(row, "class=\"gone\"")).isEqualTo(String.valueOf(p.gone()));
            }
            assertThat(count(dom, "<tr data-diff-port=")).isEqualTo(diff.ports().size());
            for (var groups : List.of(List.of("data-diff-country", diff.countries()),
                    List.of("data-diff-asn", diff.asns()))) {
                @SuppressWarnings("unchecked")
                List<ScanDiff.GroupChange> rows = (List<ScanDiff.GroupChange>) groups.get(1);
                for (ScanDiff.GroupChange g : rows) {
                    String row = text(dom, "<tr " + groups.get(0) + "=\"" + (g.key() == null ? "none" : g.key())
                            + "\">", "</tr>");
                    assertThat(value(row, "class=\"appeared\"")).isEqualTo(String.valueOf(g.appeared()));
                    assertThat(value(row, "class=\"gone\"")).isEqualTo(String.valueOf(g.gone()));
                }
                assertThat(count(dom, "<tr " + groups.get(0) + "=")).isEqualTo(rows.size());
            }
            assertThat(dom).contains("data-label=\"" + diff.countries().getFirst().key() + " appeared\" data-v=\""
                    + diff.countries().getFirst().appeared() + "\"");
            // the report above the diff is the later scan's
            assertShows(page, Reporter.report(s, s.scan("later").orElseThrow(), geo), false);
        }
    }

    @Test
    void theHtmlReportShowsTheSameOffline() throws Exception {
        Path file = dir.resolve("s.duckdb");
        GeoTable geo = store(file);
        Path html = dir.resolve("lab.html");
        ScanReport report;
        try (ScanStore s = ScanStore.openReadOnly(file)) {
            report = Reporter.report(s, s.scan("lab").orElseThrow(), geo);
            Files.writeString(html, Page.standalone(Page.scans(s), report));
        }
        // no server runs: the file must need nothing but itself
        assertShows(Chromium.load(html.toUri().toString(), Files.createDirectory(dir.resolve("p2"))), report);
    }

    private static void assertShows(Chromium.Loaded page, ScanReport report) {
        assertShows(page, report, true);
        assertThat(page.dom()).contains("<section id=\"diff\" hidden=\"\">");
    }

    /** {@code lab}: the fixture's own scan, whose hand-counted figures are checked too. */
    private static void assertShows(Chromium.Loaded page, ScanReport report, boolean lab) {
        String dom = page.dom();
        assertThat(dom).as("page finished rendering; chromium said:\n" + page.log()).contains("data-ready=\"true\"");
        assertThat(text(dom, "<div id=\"errors\">", "</div>")).isEmpty();
        assertThat(page.log()).doesNotContain("Uncaught").doesNotContain(":ERROR:CONSOLE");
        ScanReport.Scan r = report.scan();
        assertThat(value(dom, "id=\"responders\"")).isEqualTo(String.valueOf(r.responders()));
        if (lab) {
            // the hand count of ReporterTest: 5 responders of 272 scanned
            assertThat(r.responders()).isEqualTo(5);
            assertThat(value(dom, "id=\"scanned\"")).isEqualTo(String.valueOf(r.scanned()));
            assertThat(Double.parseDouble(value(dom, "id=\"hit-rate\""))).isEqualTo(r.hitRate());
            assertThat(text(dom, "id=\"hit-rate\" data-v=\"" + r.hitRate() + "\">", "<"))
                    .isEqualTo(String.format(Locale.ROOT, "%.4f%%", r.hitRate() * 100));
        }
        for (ScanReport.Country c : r.countries()) {
            String row = text(dom, "<tr data-country=\"" + c.country() + "\">", "</tr>");
            assertThat(value(row, "class=\"responders\"")).isEqualTo(String.valueOf(c.responders()));
            if (lab) {
                assertThat(value(row, "class=\"scanned\"")).isEqualTo(String.valueOf(c.scanned()));
                assertThat(Double.parseDouble(value(row, "class=\"hit-rate\""))).isEqualTo(c.hitRate());
            }
        }
        assertThat(count(dom, "<tr data-country=")).isEqualTo(r.countries().size());
        for (ScanReport.Asn a : r.asns()) {
            String row = text(dom, "<tr data-asn=\"" + (a.asn() == null ? "none" : a.asn()) + "\">", "</tr>");
            assertThat(value(row, "class=\"responders\"")).isEqualTo(String.valueOf(a.responders()));
            if (a.org() != null) {
                assertThat(row).contains(a.org().replace("&", "&amp;"));
            }
        }
        for (ScanReport.Port p : r.ports()) {
            assertThat(dom).contains("data-label=\"" + p.port() + " " + p.service() + "\" data-v=\"" + p.responders()
                    + "\"");
        }
        for (ScanReport.Ttl t : r.ttl()) {
            assertThat(dom).contains("data-label=\"from " + t.initialTtl() + "\" data-v=\"" + t.responders() + "\"");
        }
        for (ScanReport.Window w : r.windows().subList(0, Math.min(15, r.windows().size()))) {
            assertThat(dom).contains("data-label=\"" + w.window() + "\" data-v=\"" + w.responders() + "\"");
        }
        for (ScanReport.Layout o : r.tcpOptions()) {
            assertThat(dom).contains("data-label=\"" + o.layout() + "\" data-v=\"" + o.responders() + "\"");
        }
        if (lab) {
            assertThat(r.windows()).hasSize(4);
            assertThat(r.tcpOptions()).hasSize(4);
        }
        // the map: every country of Natural Earth drawn, the scan list, the sources named
        assertThat(count(dom, "<path d=\"M")).isGreaterThan(150);
        assertThat(dom).contains("<tr data-scan=\"lab\">").contains("CC BY-SA 4.0").contains("CC BY 4.0")
                .contains("Natural Earth");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int at = s.indexOf(what); at >= 0; at = s.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    /** The data-v of the first element with {@code marker}. */
    private static String value(String dom, String marker) {
        Matcher m = Pattern.compile(Pattern.quote(marker) + "[^>]*?data-v=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as("an element with " + marker + " in\n" + dom.substring(0, Math.min(dom.length(), 3000)))
                .isTrue();
        return m.group(1);
    }

    private static String text(String dom, String start, String end) {
        int a = dom.indexOf(start);
        assertThat(a).as(start + " in the DOM").isNotNegative();
        a += start.length();
        return dom.substring(a, dom.indexOf(end, a));
    }
}
