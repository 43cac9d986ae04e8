package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.unveil.scan.report.Reporter;
import org.unveil.scan.report.ScanReport;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `unveil scan report`: one scan's answers, as a table or JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"How many addresses answered, where (country, AS) and on which ports; hit rates where the"
                + " scanned ranges are known (scan run, or ingest --targets); TTL families; /24s answering on every"
                + " address. JSON keys: see scan/README.md."},
        footer = {"", "Example:", "  unveil scan report --store scans.duckdb --scan may-80 --json",
            "  unveil scan report --store scans.duckdb --scan may-80 --html may-80.html", "", ExitCode.HELP})
final class ScanReportCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--scan", required = true, paramLabel = "N", description = "The scan's name.")
    String scan;

    @Option(names = "--json", description = "JSON instead of the table.")
    boolean json;

    @Option(names = "--html", paramLabel = "F", description = "Also write the dashboard's page for this scan to F:"
            + " one self-contained file (map, charts, tables), opens offline.")
    String html;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--geo", paramLabel = "F", description = "The geo table (for AS names and denominators).")
    String geo;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N",
            description = "Rows per table in the text form (default: ${DEFAULT-VALUE}).")
    int top;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ScanReportCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (store.postgresUrl() != null) {
            if (html != null) {
                stderr.println("unveil: --html: reads a DuckDB store only in this version; use --json with "
                        + org.unveil.stream.pg.PgStore.where(store.postgresUrl()));
                return ExitCode.USAGE;
            }
            return fromPostgres(store.postgresUrl());
        }
        OutputFiles.Output page = new OutputFiles(spec.commandLine()).output("--html", html);
        return store.read(stderr, s -> {
            ScanReport report = Reporter.report(s, StoreOption.scan(s, scan), ScanPaths.geo(geo));
            if (page != null) {
                page.write(stdout, org.unveil.scan.serve.Page.standalone(org.unveil.scan.serve.Page.scans(s), report)
                        .getBytes(StandardCharsets.UTF_8));
                if (page.isStdout()) {
                    return ExitCode.OK;
                }
            }
            print(report);
            return ExitCode.OK;
        });
    }

    /** The same report, by the same SQL, from the PostgreSQL store the stream job fills. */
    private int fromPostgres(String url) throws IOException {
        try (java.sql.Connection c = org.unveil.stream.pg.PgStore.connect(url)) {
            var info = ScanStore.scan(c, scan);
            if (info.isEmpty()) {
                stderr.println("unveil: " + org.unveil.stream.pg.PgStore.where(url) + " has no scan named '" + scan + "'");
                return ExitCode.NO_INPUT;
            }
            print(Reporter.report(c, info.get(), ScanPaths.geo(geo)));
            return ExitCode.OK;
        } catch (org.unveil.stream.pg.PgStore.PgFailed | StoreException e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.NO_INPUT;
        } catch (java.sql.SQLException e) {
            stderr.println("unveil: " + org.unveil.stream.pg.PgStore.where(url) + ": " + e.getMessage());
            return ExitCode.NO_INPUT;
        }
    }

    private void print(ScanReport report) throws IOException {
        if (json) {
            JsonOutput.write(stdout, report);
        } else {
            stdout.write(text(report, top).getBytes(StandardCharsets.UTF_8));
        }
        stdout.flush();
    }

    private static String rate(Double r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.4f%%", r * 100);
    }

    private static String n(Long v) {
        return v == null ? "-" : Long.toString(v);
    }

    static String text(ScanReport report, int top) {
        ScanReport.Scan r = report.scan();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "scan %s: %s%s, scanned %s, sent %s, responders %d, hit rate %s%n",
                r.name(), r.probe(), r.port() == null ? "" : " port " + r.port(), n(r.scanned()), n(r.sent()),
                r.responders(), rate(r.hitRate())));
        sb.append("classifications:");
        r.classifications().forEach((k, v) -> sb.append(' ').append(k.isEmpty() ? "-" : k).append(' ').append(v));
        sb.append("\n\n").append(String.format(Locale.ROOT, "%-8s %12s %12s %10s%n", "country", "scanned",
                "responders", "hit rate"));
        r.countries().stream().limit(top).forEach(c -> sb.append(String.format(Locale.ROOT, "%-8s %12s %12d %10s%n",
                c.country(), n(c.scanned()), c.responders(), rate(c.hitRate()))));
        sb.append('\n').append(String.format(Locale.ROOT, "%-10s %-32s %12s %10s%n", "asn", "org", "responders",
                "hit rate"));
        r.asns().stream().limit(top).forEach(a -> sb.append(String.format(Locale.ROOT, "%-10s %-32.32s %12d %10s%n",
                a.asn() == null ? "-" : a.asn(), a.org() == null ? "" : a.org(), a.responders(), rate(a.hitRate()))));
        sb.append('\n').append(String.format(Locale.ROOT, "%-6s %-14s %12s%n", "port", "service", "responders"));
        r.ports().stream().limit(top).forEach(p -> sb.append(String.format(Locale.ROOT, "%-6d %-14s %12d%n",
                p.port(), p.service(), p.responders())));
        sb.append("\ninitial TTL:");
        r.ttl().forEach(t -> sb.append(' ').append(t.initialTtl()).append(' ').append(t.responders()));
        sb.append('\n');
        if (!r.windows().isEmpty()) {
            sb.append("TCP window:");
            r.windows().stream().limit(top).forEach(w -> sb.append(' ').append(w.window()).append(' ')
                    .append(w.responders()));
            sb.append('\n');
        }
        if (!r.tcpOptions().isEmpty()) {
            sb.append("TCP options:");
            r.tcpOptions().stream().limit(top).forEach(o -> sb.append(' ').append(o.layout()).append(' ')
                    .append(o.responders()));
            sb.append('\n');
        }
        if (!r.responsivePrefixes().isEmpty()) {
            sb.append("answering on every address: ").append(String.join(", ", r.responsivePrefixes())).append('\n');
        }
        sb.append('\n').append(report.attribution()).append(" (").append(report.geoVersion()).append(")\n");
        return sb.toString();
    }
}
