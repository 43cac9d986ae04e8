package org.unveil.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.unveil.scan.store.Query;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil scan query`: one read-only SQL statement over the store's tables, as CSV or JSON. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Run one SQL statement (DuckDB's dialect) over the store, read-only: tables scans, targets,"
                + " results, optouts, geo_versions (columns: see scan/README.md). Addresses are unsigned integers;"
                + " CSV with a header by default, or JSON {\"columns\": [...], \"rows\": [[...], ...]}."},
        footer = {"", "Example:",
            "  unveil scan query --store scans.duckdb \"SELECT country, count(*) FROM results GROUP BY 1 ORDER BY 2 DESC\"",
            "", "A statement that would write, or read files or other databases, is refused (exit 2).", "",
            ExitCode.HELP})
final class ScanQueryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SQL", description = "The statement.")
    String sql;

    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "JSON instead of CSV.")
    boolean json;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ScanQueryCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        return store.read(stderr, s -> {
            try {
                return query(s);
            } catch (Query.Refused e) {
                stderr.println("unveil: query: " + e.getMessage());
                return ExitCode.USAGE;
            }
        });
    }

    private int query(ScanStore s) throws IOException, StoreException, Query.Refused {
        if (json) {
            try (JsonGenerator g = new JsonFactory().createGenerator(new NonClosing(stdout))) {
                Query.run(s, sql, new JsonRows(g));
                g.writeEndArray();
                g.writeEndObject();
            }
            stdout.write('\n');
        } else {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(new NonClosing(stdout),
                    StandardCharsets.UTF_8));
            Query.run(s, sql, new CsvRows(w));
            w.flush();
        }
        stdout.flush();
        return ExitCode.OK;
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
    private record CsvRows(BufferedWriter w) implements Query.Rows {
        @Override
        public void columns(List<String> names) throws IOException {
            line(names.toArray());
        }

        @Override
        public void row(Object[] values) throws IOException {
            line(values);
        }

        private void line(Object[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    w.write(',');
                }
                String v = values[i] == null ? "" : values[i].toString();
                if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                    w.write('"' + v.replace("\"", "\"\"") + '"');
                } else {
                    w.write(v);
                }
            }
            w.write('\n');
        }
    }

    /** Numbers and booleans as JSON's own, everything else as its text. */
    private record JsonRows(JsonGenerator g) implements Query.Rows {
        @Override
        public void columns(List<String> names) throws IOException {
            g.writeStartObject();
            g.writeArrayFieldStart("columns");
            for (String n : names) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
        }

        @Override
        public void row(Object[] values) throws IOException {
            g.writeStartArray();
            for (Object v : values) {
                switch (v) {
                    case null -> g.writeNull();
                    case Boolean b -> g.writeBoolean(b);
                    case Integer n -> g.writeNumber(n);
                    case Long n -> g.writeNumber(n);
                    case Short n -> g.writeNumber(n);
                    case Byte n -> g.writeNumber(n);
                    case Double n -> g.writeNumber(n);
                    case Float n -> g.writeNumber(n);
                    case java.math.BigInteger n -> g.writeNumber(n);
                    case java.math.BigDecimal n -> g.writeNumber(n);
                    default -> g.writeString(v.toString());
                }
            }
            g.writeEndArray();
        }
    }
}
