package org.unveil.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unveil.probe.Comparison;
import org.unveil.probe.ResponseRow;
import org.unveil.probe.Stickiness;
import org.unveil.probe.TargetResult;
import org.unveil.probe.estimate.Estimate;
import org.unveil.probe.estimate.Server;

/**
 * The probe's --html report: one self-contained page (no scripts, no fetches), per target the count with its
 * interval, the accumulation curve (back-ends found against responses, flattening where the stopping rule held)
 * and each back-end's share with its interval, drawn as inline SVG; with several targets, how they compare.
 */
final class ProbeReport {
    private static final int W = 640;
    private static final int H = 240;
    private static final int PAD = 40;

    private ProbeReport() {
    }

    static String html(List<TargetResult> results, double confidence) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>unveil probe</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}th{background:#eee}"
                + "td.n{text-align:right}svg text{font-size:11px}</style></head><body>\n<h1>unveil probe</h1>\n");
        for (TargetResult r : results) {
            target(out, r, confidence);
        }
        List<Comparison.Pair> pairs = Comparison.of(results, confidence);
        if (!pairs.isEmpty()) {
            out.append("<section><h2>Comparison</h2>\n<ul>\n");
            for (Comparison.Pair p : pairs) {
                out.append("<li class=\"").append(p.significant() ? "significant" : "not-significant").append("\">")
                        .append(escape(p.why())).append("</li>\n");
            }
            out.append("</ul></section>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    private static void target(StringBuilder out, TargetResult r, double confidence) {
        Estimate e = r.estimate();
        String name = r.target().url() + " at " + r.target().address().getHostAddress()
                + (r.target().source() == null ? "" : " from " + r.target().source().getHostAddress());
        out.append("<section><h2>").append(escape(name)).append("</h2>\n<p>");
        if (e.key() == null) {
            out.append(String.format(Locale.ROOT, "No evidence tells back-ends apart: %d probes, %d responses,"
                    + " stopped: %s.", r.probes(), e.responses(), r.stoppedBecause().label()));
        } else {
            out.append(String.format(Locale.ROOT, "<b>%d back-ends</b> (%.0f%% interval %d–%d), named by %s; %d"
                            + " probes, %d responses, stopped: %s. Policy: %s (%s).", e.count().count(),
                    100 * confidence, e.count().lowCount(), e.count().highCount(), escape(e.key()), r.probes(),
                    e.responses(), r.stoppedBecause().label(), escape(e.policy().guess()),
                    escape(e.policy().why())));
            if (e.tcpOnly()) {
                out.append(" Counted from TCP evidence only: nothing in the HTTP responses tells the back-ends apart;"
                        + " their connections' SYN-ACKs do.");
            }
        }
        Stickiness s = r.stickiness();
        out.append("</p>\n<p>Cookie stickiness: ").append(verdict(s.cookie())).append(" (")
                .append(escape(s.cookieWhy())).append(").<br>Source stickiness: ").append(verdict(s.source()))
                .append(" (").append(escape(String.valueOf(s.sourceWhy()))).append(").");
        if (r.tcp() != null) {
            out.append("<br>Terminates TCP: ").append(verdict(r.tcp().terminatesTcp())).append(" (")
                    .append(escape(r.tcp().why())).append(").");
        }
        out.append("</p>\n");
        if (!e.servers().isEmpty()) {
            out.append("<figure>").append(accumulation(r.responses(), e.count().highCount()))
                    .append("<figcaption>Back-ends found against responses</figcaption></figure>\n<figure>")
                    .append(shares(e.servers())).append(String.format(Locale.ROOT,
                            "<figcaption>Each back-end's share, with its %.0f%% interval</figcaption></figure>%n",
                            100 * confidence));
            out.append("<table><tr><th>server</th><th>requests</th><th>share</th><th>interval</th><th>why</th></tr>\n");
            for (Server v : e.servers()) {
                out.append(String.format(Locale.ROOT, "<tr><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%.1f%%"
                                + "</td><td class=\"n\">%.1f%%–%.1f%%</td><td>%s</td></tr>%n", escape(v.id()),
                        v.requests(), 100 * v.share().share(), 100 * v.share().low(), 100 * v.share().high(),
                        escape(v.why())));
            }
            out.append("</table>\n");
        }
        out.append("</section>\n");
    }

    /** The step curve of distinct back-ends among the first i responses, with the count's high end as a line. */
    static String accumulation(List<ResponseRow> rows, int high) {
        int n = Math.max(1, rows.size());
        int top = Math.max(1, high);
        StringBuilder path = new StringBuilder();
        Set<String> seen = new HashSet<>();
        path.append(String.format(Locale.ROOT, "M%.1f %.1f", x(0, n), y(0, top)));
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).server() != null && seen.add(rows.get(i).server())) {
                path.append(String.format(Locale.ROOT, " H%.1f V%.1f", x(i + 1, n), y(seen.size(), top)));
            }
        }
        path.append(String.format(Locale.ROOT, " H%.1f", x(n, n)));
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, H, W,
                H));
        axes(svg, n, top, "responses", "back-ends");
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c66\""
                + " stroke-dasharray=\"4 3\"/>", x(0, n), y(high, top), x(n, n), y(high, top)));
        svg.append("<path class=\"found\" d=\"").append(path).append("\" fill=\"none\" stroke=\"#36c\""
                + " stroke-width=\"2\"/>");
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, one a back-end, with whiskers over the share's interval. */
    static String shares(List<Server> servers) {
        int rowH = 18;
        int h = PAD + rowH * servers.size() + 10;
        int left = 160;
        double span = W - left - 20;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, h, W,
                h));
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            double top = 10 + i * rowH;
            String label = s.id().length() > 24 ? s.id().substring(0, 23) + "…" : s.id();
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", left - 6,
                    top + 12, escape(label)));
            svg.append(String.format(Locale.ROOT, "<rect class=\"share\" x=\"%d\" y=\"%.1f\" width=\"%.1f\""
                    + " height=\"%d\" fill=\"#36c\"/>", left, top + 2, span * s.share().share(), rowH - 6));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                            + " stroke=\"#000\"/>", left + span * s.share().low(), top + 8, left + span * s.share().high(),
                    top + 8));
        }
        for (int t = 0; t <= 4; t++) {
            double xx = left + span * t / 4;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d%%</text>", xx,
                    h - 8, 25 * t));
        }
        return svg.append("</svg>").toString();
    }

    private static void axes(StringBuilder svg, int n, int top, String xLabel, String yLabel) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>", PAD, H - PAD, W - 10, H - PAD,
                PAD, 10, PAD, H - PAD));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                + "<text x=\"%d\" y=\"%d\">%s</text>", W - 10, H - 8, xLabel, 4, 20, yLabel));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>"
                + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>", PAD - 4, y(top, top) + 4, top,
                x(n, n), H - PAD + 14, n));
    }

    private static double x(int i, int n) {
        return PAD + (W - PAD - 10) * (double) i / n;
    }

    private static double y(int k, int top) {
        return H - PAD - (H - PAD - 20) * (double) k / top;
    }

    private static String verdict(Boolean b) {
        return b == null ? "cannot tell" : b ? "yes" : "no";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
