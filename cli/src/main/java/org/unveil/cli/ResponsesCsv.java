package org.unveil.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unveil.probe.ResponseRow;
import org.unveil.probe.TargetResult;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

/**
 * The probe's --responses-csv: one row per response, {@value #HEADER}. source_port is the local port the request
 * left from (each request its own without --keep-alive). The evidence column lists what each
 * extractor found as {@code key=value} joined by "; ", the clock as its offset range in seconds; server is the id
 * of the back-end the estimate put the response with, empty if none, and confidence the probability (0 to 1, three
 * decimals) that the response came from it, empty with no server. These columns are a contract.
 */
final class ResponsesCsv {
    static final String HEADER = "time,url,address,source,source_port,status,server,confidence,evidence";

    private ResponsesCsv() {
    }

    static String of(List<TargetResult> results) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (TargetResult r : results) {
            String url = r.target().url().toString();
            String address = r.target().address().getHostAddress();
            String source = r.target().source() == null ? "" : r.target().source().getHostAddress();
            for (ResponseRow row : r.responses()) {
                Instant t = Instant.ofEpochSecond(0, row.receivedNanos());
                List<String> found = new ArrayList<>();
                for (Evidence e : row.evidence()) {
                    found.add(e.key() + "=" + (e.kind() == Kind.CLOCK
                            ? String.format(Locale.ROOT, "%+.3f..%+.3f", e.low(), e.high()) : e.value()));
                }
                out.append(t).append(',').append(field(url)).append(',').append(address).append(',').append(source)
                        .append(',').append(row.localPort()).append(',').append(row.status()).append(',')
                        .append(field(row.server() == null ? "" : row.server())).append(',')
                        .append(Double.isNaN(row.confidence()) ? ""
                                : String.format(Locale.ROOT, "%.3f", row.confidence()))
                        .append(',').append(field(String.join("; ", found))).append('\n');
            }
        }
        return out.toString();
    }

    /** RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled. */
    private static String field(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
