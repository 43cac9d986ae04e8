package org.unveil.scan.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
        Part part = readPart(in, name, format, null, sink, maxProblems);
        return merge(name, part.format, List.of(part), maxProblems);
    }

    /** The sinks of a file's parts by index, each for one thread (the store's writer gives them). */
    @FunctionalInterface
    public interface PartSinks {
        /** The sink of part {@code index}; 0 is the file's first. */
        ResponseSink part(int index);
    }

    /** A part smaller than this is not worth a thread of its own. */
    public static final long MIN_PART = 4 << 20;

    /**
     * Reads a file as {@link #read(InputStream, String, Format, ResponseSink, int)} does, in up to {@code parts}
     * parts at once, each on its own thread into its own sink, split at line ends; line numbers are still counted
     * over the whole file. Only zmap csv is split, the format of large scans, whose parts need nothing from the
     * lines before them but the header; other formats, and files too small for two parts, are read in one pass.
     */
    public static Result read(Path file, String name, Format format, PartSinks sinks, int parts, int maxProblems)
            throws IOException, UnknownFormat {
        long size = Files.size(file);
        byte[] first = parts > 1 && size >= 2 * MIN_PART ? firstLine(file) : null;
        Format chosen = format != null || first == null ? format : Format.detect(Fields.text(first, 0, first.length));
        if (first == null || chosen != Format.ZMAP_CSV) {
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, name, format, sinks.part(0), maxProblems);
            }
        }
        long[] starts = starts(file, size, (int) Math.min(parts, size / MIN_PART));
        List<ResponseSink> partSinks = new ArrayList<>();
        for (int k = 0; k < starts.length; k++) {
            partSinks.add(sinks.part(k));
        }
        Part[] done = new Part[starts.length];
        Throwable[] failed = new Throwable[starts.length];
        Thread[] threads = new Thread[starts.length];
        try (FileChannel channel = FileChannel.open(file)) {
            for (int k = 0; k < starts.length; k++) {
                int part = k;
                long end = k + 1 < starts.length ? starts[k + 1] : size;
                threads[k] = Thread.ofPlatform().name("ingest-part-" + k).start(() -> {
                    try {
                        LineParser primed = part == 0 ? null : primed(first);
                        done[part] = readPart(new Region(channel, starts[part], end), name, chosen, primed,
                                partSinks.get(part), maxProblems);
                    } catch (Throwable e) {
                        failed[part] = e;
                    }
                });
            }
            for (Thread t : threads) {
                join(t);
            }
        }
        for (Throwable e : failed) {
            switch (e) {
                case null -> { }
                case IOException io -> throw io;
                case UnknownFormat u -> throw u;
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e);
            }
        }
        return merge(name, chosen, List.of(done), maxProblems);
    }

    /** One part's read: its lines, counted from 1 within the part, and its first problems. */
    private record Part(Format format, long lines, long responses, long bad, List<Problem> problems) {
    }

    /** A bad line of a part, at its line number within the part. */
    private record Problem(long line, String what) {
    }

    private static Part readPart(InputStream in, String name, Format format, LineParser primed, ResponseSink sink,
            int maxProblems) throws IOException, UnknownFormat {
        Counting counting = new Counting(sink);
        List<Problem> problems = new ArrayList<>();
        long bad = 0;
        long lineNo = 0;
        LineParser parser = primed;
        Format chosen = format;
        ByteLines lines = new ByteLines(in);
        while (lines.next()) {
            lineNo++;
            byte[] b = lines.bytes();
            if (lines.tooLong()) {
                bad++;
                if (problems.size() < maxProblems) {
                    problems.add(new Problem(lineNo, "longer than " + ByteLines.BUFFER / 1024 + " KiB, skipped"));
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
                    problems.add(new Problem(lineNo, e.getMessage()));
                }
            }
        }
        return new Part(chosen, lineNo, counting.responses, bad, problems);
    }

    /** The parts' reads as one, their line numbers made the file's. */
    private static Result merge(String name, Format format, List<Part> parts, int maxProblems) {
        long lines = 0;
        long responses = 0;
        long bad = 0;
        List<String> problems = new ArrayList<>();
        for (Part p : parts) {
            for (Problem problem : p.problems) {
                if (problems.size() < maxProblems) {
                    problems.add(name + ": line " + (lines + problem.line) + ": " + problem.what);
                }
            }
            lines += p.lines;
            responses += p.responses;
            bad += p.bad;
        }
        return new Result(format, lines, responses, bad, List.copyOf(problems));
    }

    /** The file's first non-blank line, its line end dropped; null when there is none or it is too long. */
    private static byte[] firstLine(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ByteLines lines = new ByteLines(in);
            while (lines.next()) {
                if (lines.tooLong()) {
                    return null;
                }
                if (!blank(lines.bytes(), lines.from(), lines.to())) {
                    return Arrays.copyOfRange(lines.bytes(), lines.from(), lines.to());
                }
            }
            return null;
        }
    }

    /** A zmap csv parser that has read the file's first line: its header, or (headerless) its first result. */
    private static LineParser primed(byte[] first) {
        LineParser parser = LineParser.of(Format.ZMAP_CSV);
        try {
            parser.parse(first, 0, first.length, r -> { });
        } catch (BadLine e) {
            // the first part reports it; a headerless file's parser has its one field by now
        }
        return parser;
    }

    /** Where each of {@code parts} parts starts: at 0, then just after the line end nearest past each cut. */
    private static long[] starts(Path file, long size, int parts) throws IOException {
        long[] starts = new long[parts];
        int n = 1;
        ByteBuffer buf = ByteBuffer.allocate(64 << 10);
        try (FileChannel channel = FileChannel.open(file)) {
            for (int k = 1; k < parts; k++) {
                long at = Math.max(size * k / parts, starts[n - 1]);
                long start = afterLineEnd(channel, at, size, buf);
                if (start < size && start > starts[n - 1]) {
                    starts[n++] = start;
                }
            }
        }
        return Arrays.copyOf(starts, n);
    }

    private static long afterLineEnd(FileChannel channel, long from, long size, ByteBuffer buf) throws IOException {
        long at = from;
        while (at < size) {
            buf.clear();
            int n = channel.read(buf, at);
            if (n <= 0) {
                return size;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            at += n;
        }
        return size;
    }

    private static void join(Thread t) throws IOException {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the file's parts were read");
        }
    }

    /** The bytes [from, to) of a file, read at their positions: the parts share one channel. */
    private static final class Region extends InputStream {
        private final FileChannel channel;
        private long at;
        private final long end;

        Region(FileChannel channel, long from, long to) {
            this.channel = channel;
            this.at = from;
            this.end = to;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
            if (n > 0) {
                at += n;
            }
            return n;
        }
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
