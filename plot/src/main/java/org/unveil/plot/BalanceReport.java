package org.unveil.plot;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.unveil.balance.sim.RunResult;

/** One self-contained HTML page (no network fetches) for a `balance simulate` run: the table and every chart. */
public final class BalanceReport {
    private BalanceReport() {
    }

    public static String html(String title, List<RunResult> runs) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
                        + "th{background:#eee}td:nth-child(2){text-align:left}figure{margin:1em 0}</style></head><body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n<table><tr><th>Nodes</th><th>Model</th>"
                        + "<th>Peak (Bps)</th><th>StdDev</th><th>Peak (frac)</th><th>Stable peak (Bps)</th>"
                        + "<th>Stable StdDev</th><th>Stable peak (frac)</th><th>Jain</th><th>Broken</th>"
                        + "<th>Remapped</th></tr>\n");
        for (RunResult r : runs) {
            out.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%s</td><td>%.0f</td><td>%.4f</td><td>%.3f</td>"
                    + "<td>%.0f</td><td>%.4f</td><td>%.3f</td><td>%.3f</td><td>%d</td><td>%.3f</td></tr>%n",
                    r.nodes(), escape(r.scheduler()), r.full().peakBps(), r.full().stddev(), r.full().peakFraction(),
                    r.stable().peakBps(), r.stable().stddev(), r.stable().peakFraction(), r.jain(),
                    r.brokenConnections(), r.remappedFlows()));
        }
        out.append("</table>\n");
        for (RunResult r : runs) {
            out.append("<figure>").append(stripXmlDeclaration(RelativeLoadChart.svg(RelativeLoadChart.of(r))))
                    .append(String.format(Locale.ROOT, "<figcaption>%s, %d nodes</figcaption></figure>%n",
                            escape(r.scheduler()), r.nodes()));
        }
        return out.append("</body></html>\n").toString();
    }

    private static String stripXmlDeclaration(String svg) {
        int start = svg.indexOf("<svg");
        return start < 0 ? svg : svg.substring(start);
    }

    static String escape(String s) {
        return Html.escape(s);
    }
}
