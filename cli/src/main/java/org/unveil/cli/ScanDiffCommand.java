package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.unveil.scan.report.ScanDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil scan diff A B`: the responders that appeared and that are gone between two scans. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What changed from scan A to scan B: responding addresses appeared, gone and kept, overall and"
                + " per port, and per country and AS. JSON keys: see scan/README.md."},
        footer = {"", "Example:  unveil scan diff --store scans.duckdb may-80 june-80", "", ExitCode.HELP})
final class ScanDiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "A", description = "The earlier scan.")
    String from;

    @Parameters(index = "1", paramLabel = "B", description = "The later scan.")
    String to;

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "JSON instead of the table.")
    boolean json;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N",
            description = "Rows per country and AS table in the text form (default: ${DEFAULT-VALUE}).")
    int top;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ScanDiffCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        return store.read(stderr, s -> {
            ScanDiff d = ScanDiff.compare(s, StoreOption.scan(s, from), StoreOption.scan(s, to));
            if (json) {
                JsonOutput.write(stdout, d);
            } else {
                stdout.write(text(d, top).getBytes(StandardCharsets.UTF_8));
            }
            stdout.flush();
            return ExitCode.OK;
        });
    }

    static String text(ScanDiff d, int top) {
        StringBuilder sb = new StringBuilder();
        ScanDiff.Change c = d.responders();
        sb.append(String.format(Locale.ROOT, "%s -> %s: responders %d -> %d, appeared %d, gone %d, kept %d%n%n",
                d.from(), d.to(), c.from(), c.to(), c.appeared(), c.gone(), c.kept()));
        sb.append(String.format(Locale.ROOT, "%-6s %-14s %10s %10s %10s %10s%n", "port", "service", "before", "after",
                "appeared", "gone"));
        for (ScanDiff.PortChange p : d.ports()) {
            sb.append(String.format(Locale.ROOT, "%-6d %-14s %10d %10d %10d %10d%n", p.port(), p.service(), p.from(),
                    p.to(), p.appeared(), p.gone()));
        }
        group(sb, "country", d.countries(), top, "??");
        group(sb, "asn", d.asns(), top, "-");
        return sb.toString();
    }

    private static void group(StringBuilder sb, String title, java.util.List<ScanDiff.GroupChange> rows, int top,
            String none) {
        sb.append('\n').append(String.format(Locale.ROOT, "%-10s %10s %10s%n", title, "appeared", "gone"));
        rows.stream().limit(top).forEach(g -> sb.append(String.format(Locale.ROOT, "%-10s %10d %10d%n",
                g.key() == null ? none : g.key(), g.appeared(), g.gone())));
    }
}
