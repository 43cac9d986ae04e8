package org.unveil.scan.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scanner's result file line by line into a sink: the format detected or given, bad lines counted. The
 * bytes stream through one fixed buffer, so memory is the same for a file of any size.
 */
public final class Ingest {
    private Ingest() {
    }

    /**
     * What a read did. {@code problems} holds the first bad lines as "NAME: line N: what"; {@code badLines} counts
     * them all.
     */
    public record Result(Format format, long lines, long responses, long badLines, List<String> problems) {
    }

    /** The file's first non-blank line shows no format this reader knows. */
    public static final class UnknownFormat extends Exception {
        UnknownFormat(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads {@code in} (UTF-8 or ASCII text) to its end. {@code format} null: detected from the first non-blank
     * line. Keeps at most {@code maxProblems} problem lines.
     */
    public static Result read(InputStream in, String name, Format format, ResponseSink sink, int maxProblems)
            throws IOException, UnknownFormat {
        Counting counting = new Counting(sink);
        List<String> problems = new ArrayList<>();
        long bad = 0;
        long lineNo = 0;
        LineParser parser = null;
        Format chosen = format;
        ByteLines lines = new ByteLines(in);
        while (lines.next()) {
            lineNo++;
            byte[] b = lines.bytes();
            if (lines.tooLong()) {
                bad++;
                if (problems.size() < maxProblems) {
                    problems.add(name + ": line " + lineNo + ": longer than " + ByteLines.BUFFER / 1024
                            + " KiB, skipped");
                }
                continue;
            }
            if (blank(b, lines.from(), lines.to())) {
                continue;
            }
            if (parser == null) {
                if (chosen == null) {
                    chosen = Format.detect(Fields.text(b, lines.from(), lines.to()));
                    if (chosen == null) {
                        throw new UnknownFormat(name + ": line " + lineNo + " is not a zmap or masscan result ("
                                + Format.labels() + "); name the format with --format");
                    }
                }
                parser = LineParser.of(chosen);
            }
            try {
                parser.parse(b, lines.from(), lines.to(), counting);
            } catch (BadLine | ResponseSink.Ipv4Only e) {
                bad++;
                if (problems.size() < maxProblems) {
                    problems.add(name + ": line " + lineNo + ": " + e.getMessage());
                }
            }
        }
        return new Result(chosen, lineNo, counting.responses, bad, List.copyOf(problems));
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r' && b[i] != '\f' && b[i] != 0x0b) {
                return false;
            }
        }
        return true;
    }

    /** Counts what passes to the sink, by either of its two doors. */
    private static final class Counting implements ResponseSink {
        private final ResponseSink sink;
        private long responses;

        Counting(ResponseSink sink) {
            this.sink = sink;
        }

        @Override
        public void accept(Response r) {
            responses++;
            sink.accept(r);
        }

        @Override
        public void accept(int address, int port, String classification, boolean success, boolean repeat, int ttl,
                int window, long seenMicros, int tcpOptions) {
            responses++;
            sink.accept(address, port, classification, success, repeat, ttl, window, seenMicros, tcpOptions);
        }

        @Override
        public void accept6(Response6 r) {
            sink.accept6(r); // counted after: a sink that refuses IPv6 took nothing
            responses++;
        }
    }
}
