package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.fields.PacketField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** `unveil packets`: one row per packet with chosen fields, like `tshark -T fields`. */
@Command(name = "packets", mixinStandardHelpOptions = true,
        description = "Print one row per packet with the chosen fields (CSV or JSON lines).",
        footer = {"", "Fields (tshark's names where tshark has the field; values written as tshark writes them):",
            "%s", "",
            "tcp.seq/tcp.ack are raw numbers (tshark: -o tcp.relative_sequence_numbers:FALSE).",
            "HTTP and TLS fields come from the head of each TCP segment's payload, on any port.", "",
            "Example:  unveil packets trace.pcap --fields frame.number,ip.src,ip.id,tcp.tsval -o ids.csv", "",
            ExitCode.HELP})
final class PacketsCommand extends OutputCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Captures (pcap, pcapng, gzip of either, - for stdin).")
    List<String> files;

    @Option(names = {"-e", "--fields"}, split = ",", paramLabel = "FIELD",
            description = "Comma-separated fields (default: all of the foundation set).")
    List<String> fieldNames;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|jsonl",
            description = "csv (with a header row) or jsonl (one JSON object per packet). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--no-header", description = "Leave out the CSV header row.")
    boolean noHeader;

    @picocli.CommandLine.Mixin
    BpfOption bpf;

    PacketsCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    static String fieldList() {
        StringBuilder out = new StringBuilder("  " + FRAME_FILE + "  (the file, as named; first by default when"
                + " several files are read)\n");
        for (PacketField f : PacketField.values()) {
            out.append("  ").append(f.fieldName());
            if (f.alias() != null) {
                out.append("  (tshark: ").append(f.alias()).append(')');
            }
            out.append('\n');
        }
        return out.toString().stripTrailing();
    }

    /** The name that is not a packet's field but the file it came from (tshark: frame.file... in pcapng comments). */
    static final String FRAME_FILE = "frame.file";

    /** One output column: the name the user asked for, and its field (null for {@link #FRAME_FILE}). */
    record Column(String name, PacketField field) {
    }

    @Override
    public Integer call() throws IOException {
        OptionChecks.noEmptyItems(spec, "--fields");
        List<Column> fields = columns();
        boolean jsonl = switch (format) {
            case "csv" -> false;
            case "jsonl" -> true;
            default -> throw new ParameterException(spec.commandLine(), "unknown --format '" + format
                    + "': use csv or jsonl");
        };
        OutputFiles.Output report = files(files).report(output);
        CaptureRun run = new CaptureRun(stderr, output.quiet, bpf.compile(spec));
        try (OutputFiles.Sink out = report.open(stdout)) {
            RowWriter rows = new RowWriter(out, fields, jsonl);
            if (!jsonl && !noHeader) {
                rows.header();
            }
            for (String file : files) {
                rows.file(file);
                run.read(file, rows::row);
            }
            rows.flush();
            out.commit();
        }
        return run.exitCode();
    }

    /**
     * The columns asked for, each under the name the user gave (a tshark alias stays the alias, so the output
     * can replace tshark's in a script), or the defaults, with {@code frame.file} first when several files are read.
     */
    private List<Column> columns() {
        List<Column> chosen = new ArrayList<>();
        if (fieldNames == null || fieldNames.isEmpty()) {
            if (files.size() > 1) {
                chosen.add(new Column(FRAME_FILE, null));
            }
            for (PacketField f : PacketField.DEFAULTS) {
                chosen.add(new Column(f.fieldName(), f));
            }
            return chosen;
        }
        for (String typed : fieldNames) {
            String name = typed.trim();
            PacketField f = name.equals(FRAME_FILE) ? null : PacketField.byName(name);
            if (f == null && !name.equals(FRAME_FILE)) {
                throw new ParameterException(spec.commandLine(), "unknown field '" + name
                        + "'; see unveil packets --help for the list");
            }
            for (Column c : chosen) {
                if (java.util.Objects.equals(c.field(), f)) {
                    // a JSON object holds each key once, and a repeated CSV column is a mistake more often than not
                    throw new ParameterException(spec.commandLine(), "--fields: " + (f == null ? FRAME_FILE
                            : f.fieldName()) + " is named twice" + (c.name().equals(name) ? ""
                            : " (" + name + " is another name for " + c.name() + ")"));
                }
            }
            chosen.add(new Column(name, f));
        }
        return chosen;
    }

    /** Formats rows into a reusable buffer and writes them as bytes (ISO-8859-1 keeps captured bytes as they were). */
    static final class RowWriter {
        private final OutputStream out;
        private final Column[] fields;
        private final boolean jsonl;
        private String file = "";
        private final StringBuilder row = new StringBuilder(512);
        private final StringBuilder value = new StringBuilder(256);
        private byte[] bytes = new byte[1 << 16];
        private int used;

        RowWriter(OutputStream out, List<Column> fields, boolean jsonl) {
            this.out = out;
            this.fields = fields.toArray(Column[]::new);
            this.jsonl = jsonl;
        }

        /**
         * The file the next rows come from, for frame.file: kept as its UTF-8 bytes, one char each, as captured
         * values are, so that CSV writes the name's bytes and JSON sees UTF-8 sequences.
         */
        void file(String name) {
            file = new String(name.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        void header() throws IOException {
            for (int i = 0; i < fields.length; i++) {
                row.append(i == 0 ? "" : ",");
                value.setLength(0);
                value.append(fields[i].name());
                csvValue();
            }
            emit();
        }

        void row(Packet packet, PacketLayers layers) throws IOException {
            boolean first = true;
            if (jsonl) {
                row.append('{');
            }
            for (int i = 0; i < fields.length; i++) {
                value.setLength(0);
                PacketField field = fields[i].field();
                boolean present = field == null ? value.append(file) != null : field.append(packet, layers, value);
                if (jsonl) {
                    if (present) {
                        row.append(first ? "" : ",").append('"').append(fields[i].name()).append("\":");
                        // epoch time as a string: a JSON number is read as a double, which keeps only microseconds
                        jsonValue(field != null && field.numeric() && field != PacketField.FRAME_TIME_EPOCH);
                        first = false;
                    }
                } else {
                    if (i > 0) {
                        row.append(',');
                    }
                    csvValue();
                }
            }
            if (jsonl) {
                row.append('}');
            }
            emit();
        }

        /** RFC 4180: quote values holding a comma, quote or line break, doubling inner quotes. */
        private void csvValue() {
            boolean quote = false;
            for (int i = 0; i < value.length() && !quote; i++) {
                char c = value.charAt(i);
                quote = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (!quote) {
                row.append(value);
                return;
            }
            row.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                row.append(c);
                if (c == '"') {
                    row.append('"');
                }
            }
            row.append('"');
        }

        /**
         * A JSON string that stays valid UTF-8 whatever was captured: the value holds one char per captured byte;
         * sequences that are UTF-8 are written as they came, every other byte above 0x7f as \\u00XX (its value,
         * read as ISO-8859-1), so nothing is lost and nothing is invented.
         */
        private void jsonValue(boolean numeric) {
            if (numeric) {
                row.append(value);
                return;
            }
            row.append('"');
            for (int i = 0; i < value.length(); ) {
                char c = value.charAt(i);
                int n = c < 0x80 ? 1 : Utf8.sequenceLength(value, i);
                if (c == '"' || c == '\\') {
                    row.append('\\').append(c);
                } else if (c < 0x20 || n == 0) {
                    row.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15])
                            .append(HEX[c & 15]);
                    n = 1;
                } else {
                    row.append(value, i, i + n);
                }
                i += n;
            }
            row.append('"');
        }

        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private void emit() throws IOException {
            row.append('\n');
            int n = row.length();
            if (used + n > bytes.length) {
                flushBuffer();
                if (n > bytes.length) {
                    bytes = new byte[n];
                }
            }
            for (int i = 0; i < n; i++) {
                bytes[used++] = (byte) row.charAt(i);
            }
            row.setLength(0);
        }

        private void flushBuffer() throws IOException {
            out.write(bytes, 0, used);
            used = 0;
        }

        void flush() throws IOException {
            flushBuffer();
            out.flush();
        }
    }
}
