package org.unveil.plot.hosts;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.HostProfile;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.labels.LabelCsv;
import org.unveil.plot.ChartFiles;
import org.unveil.plot.Html;

/**
 * One self-contained HTML page of a host discovery run (no scripts, no fetches: plots are embedded PNGs): a
 * summary of every address, then per address its hosts, its IPID and TSval plots coloured by inferred host and
 * its flows. Everything taken from the capture is escaped: User-Agents are whatever the sender wrote.
 */
public final class HostsReport {
    /** Addresses with a section of their own, the busiest first; the summary lists all. */
    public static final int MAX_SECTIONS = 50;
    /** Flows listed per address. */
    public static final int MAX_FLOWS = 500;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** The browser itself then refuses any fetch, should a capture's text ever slip through unescaped. */
    static final String POLICY = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
            + " img-src data:; style-src 'unsafe-inline'\">";
    private static final String STYLE = "body{font-family:sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;"
            + "vertical-align:top;text-align:left}th{background:#eee}td.n{text-align:right}"
            + "img{max-width:100%;height:auto;display:block}figure{margin:1em 0}.note{color:#666}";

    private HostsReport() {
    }

    /** The whole page of one pass's results. */
    public static String html(String title, List<AddressHosts> results, PacketPoints points) throws IOException {
        StringBuilder out = new StringBuilder();
        Page page = new Page(out, title);
        page.add(results, points);
        page.finish();
        return out.toString();
    }

    /**
     * A report written while the passes over a big capture go by ({@link org.unveil.hosts.HostPasses}): each pass
     * adds its addresses' summary rows as they come, in address order, and the sections of the busiest addresses
     * seen so far, drawn at once (only they need the pass's points, which the next pass replaces) and written when
     * the page is finished. Memory: one row at a time and {@link #MAX_SECTIONS} drawn sections.
     */
    public static final class Page {
        private final Appendable out;
        private final java.util.TreeSet<Section> busiest = new java.util.TreeSet<>(Comparator
                .comparingInt((Section s) -> -s.flows).thenComparingLong(s -> s.order));
        private long addresses;

        /** A section drawn: its flows and place in address order decide whether it stays among the busiest. */
        private record Section(int flows, long order, String html) {
        }

        public Page(Appendable out, String title) throws IOException {
            this.out = out;
            out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n").append(POLICY)
                    .append("\n<title>").append(escape(title))
                    .append("</title>\n<style>").append(STYLE).append("</style></head><body>\n<h1>").append(escape(title))
                    .append("</h1>\n<h2>Summary</h2>\n");
        }

        /** One pass's addresses, in address order, after those of the passes before; {@code points} its points. */
        public void add(List<AddressHosts> results, PacketPoints points) throws IOException {
            FlowLabels labels = null;
            for (AddressHosts a : results) {
                if (addresses++ == 0) {
                    out.append("<table class=\"summary\"><tr><th>Address</th><th>Hosts</th><th>Range</th>"
                            + "<th>Flows</th><th>Packets</th></tr>\n");
                }
                summaryRow(out, a);
                Section candidate = new Section(a.flows().size(), addresses, null);
                if (busiest.size() == MAX_SECTIONS && busiest.comparator().compare(candidate, busiest.last()) > 0) {
                    continue;
                }
                labels = labels == null ? new FlowLabels(points.flows(), results) : labels;
                StringBuilder html = new StringBuilder();
                section(html, a, points, labels);
                busiest.add(new Section(candidate.flows, candidate.order, html.toString()));
                if (busiest.size() > MAX_SECTIONS) {
                    busiest.pollLast();
                }
            }
        }

        /** Closes the summary and writes the busiest addresses' sections, busiest first. */
        public void finish() throws IOException {
            if (addresses == 0) {
                out.append("<p>No address opened any flow.</p>\n");
            } else {
                out.append("</table>\n");
            }
            if (busiest.size() < addresses) {
                out.append(String.format(Locale.ROOT, "<p class=\"note\">Sections below for the %d addresses with the"
                        + " most flows; the other %d are in the summary only.</p>%n", busiest.size(),
                        addresses - busiest.size()));
            }
            for (Section s : busiest) {
                out.append(s.html);
            }
            out.append("</body></html>\n");
        }
    }

    private static void summaryRow(Appendable out, AddressHosts a) throws IOException {
        long packets = a.hosts().stream().mapToLong(HostProfile::packets).sum();
        out.append("<tr><td><a href=\"#").append(escape(anchor(a))).append("\">").append(escape(a.address()))
                .append("</a></td>").append(number(a.hostCount())).append("<td>").append(String.valueOf(a.hostCountLow()))
                .append("..").append(String.valueOf(a.hostCountHigh())).append("</td>").append(number(a.flows().size()))
                .append(number(packets)).append("</tr>\n");
    }

    private static void section(StringBuilder out, AddressHosts a, PacketPoints points, FlowLabels labels)
            throws IOException {
        out.append("<h2 id=\"").append(escape(anchor(a))).append("\">").append(escape(a.address())).append(": ")
                .append(a.hostCount()).append(a.hostCount() == 1 ? " host" : " hosts").append("</h2>\n");
        hosts(out, a);
        PointSample sample = points.sample(a.address());
        labels.resolve(a, sample);
        plot(out, "IPID vs packet, " + a.address(), sample, XAxis.PACKET, YAxis.IPID, labels, points.firstNanos());
        plot(out, "TSval vs time, " + a.address(), sample, XAxis.TIME, YAxis.TSVAL, labels, points.firstNanos());
        flows(out, a);
    }

    private static void hosts(StringBuilder out, AddressHosts a) {
        out.append("<table class=\"hosts\"><tr><th>Host</th><th>OS</th><th>TTL</th><th>User-Agents</th><th>TLS</th>"
                + "<th>Clock Hz</th><th>Skew ppm</th><th>Flows</th><th>Packets</th><th>Bytes</th><th>First seen</th>"
                + "<th>Last seen</th><th>Uptime</th><th>Joined by</th><th>Told apart by</th></tr>\n");
        for (HostProfile h : a.hosts()) {
            out.append("<tr><td>").append(escape(h.id())).append("</td><td>").append(escape(String.valueOf(h.os())))
                    .append("</td>").append(number(h.initialTtl())).append("<td>").append(lines(h.userAgents()))
                    .append("</td><td>").append(lines(h.tlsFingerprints())).append("</td>")
                    .append(decimal(h.clockHz(), "%.0f")).append(decimal(h.skewPpm(), "%+.1f"))
                    .append(number(h.flows())).append(number(h.packets())).append(number(h.bytes())).append("<td>")
                    .append(TIME.format(instant(h.firstSeenNanos()))).append("</td><td>")
                    .append(TIME.format(instant(h.lastSeenNanos()))).append("</td>")
                    .append(decimal(h.uptimeSeconds() == null ? null : h.uptimeSeconds() / 3600, "%.1f h"))
                    .append("<td>").append(kinds(h.evidence())).append("</td><td>")
                    .append(kinds(h.separatedBy())).append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    /** Evidence kinds by name, each with why it counts as its tooltip. */
    private static String kinds(Set<EvidenceKind> kinds) {
        StringBuilder out = new StringBuilder();
        for (EvidenceKind k : EvidenceKind.byLabel(kinds)) {
            out.append(out.isEmpty() ? "" : ", ").append("<span title=\"").append(escape(k.reason())).append("\">")
                    .append(escape(k.label())).append("</span>");
        }
        return out.toString();
    }

    private static void plot(StringBuilder out, String title, PointSample sample, XAxis x, YAxis y, FlowLabels labels,
            long origin) throws IOException {
        byte[] png = ChartFiles.png(HostPlot.chart(title, sample, x, y, ColorBy.HOST, labels, origin));
        out.append("<figure><img class=\"plot\" width=\"1000\" height=\"560\" alt=\"").append(escape(title))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append("\"><figcaption>").append(escape(title)).append(", coloured by inferred host</figcaption>"
                        + "</figure>\n");
    }

    private static void flows(StringBuilder out, AddressHosts a) {
        int shown = Math.min(MAX_FLOWS, a.flows().size());
        out.append("<h3>Flows</h3>\n");
        if (shown < a.flows().size()) {
            out.append(String.format(Locale.ROOT, "<p class=\"note\">The first %d of %d flows.</p>%n", shown,
                    a.flows().size()));
        }
        out.append("<table class=\"flows\"><tr><th>First seen</th><th>Proto</th><th>Source port</th><th>Server</th>"
                + "<th>Port</th><th>Packets</th><th>Bytes</th><th>Host</th><th>Confidence</th><th>User-Agent</th>"
                + "</tr>\n");
        for (int i = 0; i < shown; i++) {
            FlowEvidence f = a.flows().get(i);
            out.append("<tr><td>").append(TIME.format(instant(f.firstNanos()))).append("</td><td>")
                    .append(escape(LabelCsv.protoName(f.protocol()))).append("</td>").append(number(f.clientPort()))
                    .append("<td>").append(escape(f.server())).append("</td>").append(number(f.serverPort()))
                    .append(number(f.packets())).append(number(f.bytes())).append("<td>")
                    .append(a.hostId(i) == null ? "unattributed" : escape(a.hostId(i))).append("</td>")
                    .append(decimal(a.confidence(i), "%.3f")).append("<td>")
                    .append(f.userAgent() == null ? "" : escape(f.userAgent())).append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    private static String anchor(AddressHosts a) {
        return "address-" + a.address();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private static String number(long v) {
        return "<td class=\"n\">" + v + "</td>";
    }

    private static String decimal(Double v, String format) {
        return "<td class=\"n\">" + (v == null ? "" : String.format(Locale.ROOT, format, v)) + "</td>";
    }

    private static String lines(List<String> values) {
        StringBuilder s = new StringBuilder();
        for (String v : values) {
            s.append(s.isEmpty() ? "" : "<br>").append(escape(v));
        }
        return s.toString();
    }

    private static String escape(String s) {
        return Html.escape(s);
    }
}
