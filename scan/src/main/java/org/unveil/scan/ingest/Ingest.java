package org.unveil.scan.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a scanner's result file line by line into a sink: the format detected or given, bad lines counted. */
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
     * Reads {@code in} to its end. {@code format} null: detected from the first non-blank line. Keeps at most
     * {@code maxProblems} problem lines.
     */
    public static Result read(BufferedReader in, String name, Format format, ResponseSink sink, int maxProblems)
            throws IOException, UnknownFormat {
        long[] responses = {0};
        ResponseSink counting = r -> {
            responses[0]++;
            sink.accept(r);
        };
        List<String> problems = new ArrayList<>();
        long bad = 0;
        long lineNo = 0;
        LineParser parser = null;
        Format chosen = format;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            if (parser == null) {
                if (chosen == null) {
                    chosen = Format.detect(line);
                    if (chosen == null) {
                        throw new UnknownFormat(name + ": line " + lineNo + " is not a zmap or masscan result ("
                                + Format.labels() + "); name the format with --format");
                    }
                }
                parser = LineParser.of(chosen);
            }
            try {
                parser.parse(line, counting);
            } catch (BadLine e) {
                bad++;
                if (problems.size() < maxProblems) {
                    problems.add(name + ": line " + lineNo + ": " + e.getMessage());
                }
            }
        }
        return new Result(chosen, lineNo, responses[0], bad, List.copyOf(problems));
    }
}
