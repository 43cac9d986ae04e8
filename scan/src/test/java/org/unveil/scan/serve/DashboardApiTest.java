package org.unveil.scan.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Fixtures;
import org.unveil.scan.Json;
import org.unveil.scan.LabGeo;
import org.unveil.scan.Scans;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.report.Reporter;
import org.unveil.scan.store.ScanStore;

/** The dashboard's JSON API: the documented keys, the report's own figures, plain errors with their status. */
class DashboardApiTest {
    @TempDir
    Path dir;

    private static HttpResponse<String> get(Dashboard d, String path) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(HttpRequest.newBuilder(URI.create(d.uri() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void servesThePageTheScansTheReportAndPlainErrors() throws Exception {
        Path file = dir.resolve("s.duckdb");
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore s = ScanStore.open(file)) {
            Scans.ingest(s, geo, "lab", "labelled.csv", Fixtures.open("labelled.csv"), null, "tcp_synscan", 80,
                    List.of(), 10);
        }
        try (ScanStore s = ScanStore.openReadOnly(file);
                Dashboard d = Dashboard.start(s, geo, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(d.uri().getHost()).isEqualTo("127.0.0.1");
            var page = get(d, "");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.body()).contains("<svg id=\"map\"");
            assertThat(get(d, "api/scans").body()).isEqualTo("{\"scans\":[{\"name\":\"lab\",\"probe\":\"tcp_synscan\","
                    + "\"port\":80,\"started\":null,\"sent\":null,\"scanner\":null,\"source\":\"labelled.csv\","
                    + "\"format\":\"zmap-csv\",\"responders\":5}]}\n");
            assertThat(get(d, "api/report?scan=lab").body())
                    .isEqualTo(Json.of(Reporter.report(s, s.scan("lab").orElseThrow(), geo)) + "\n")
                    .startsWith("{\"scan\":{\"name\":\"lab\",\"probe\":\"tcp_synscan\",\"port\":80,")
                    .contains("\"responders\":5,\"hitRate\":null");
            assertThat(get(d, "world.json").body()).contains("\"id\":\"FR\"");
            var none = get(d, "api/report?scan=nope");
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(none.body()).isEqualTo("{\"error\":\"the store has no scan named 'nope'\"}\n");
            assertThat(get(d, "api/report").statusCode()).isEqualTo(400);
            assertThat(get(d, "api/diff?from=lab&to=lab").body()).contains("\"appeared\":0,\"gone\":0,\"kept\":5");
            assertThat(get(d, "nothing").statusCode()).isEqualTo(404);
        }
    }
}
