package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.DecodeStatistics;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.decode.PacketLayers;

/** Reads captures one after another, decoding each packet for a sink, and turns what went wrong into an exit code. */
final class CaptureRun {
    private static final int PROGRESS_EVERY = 1 << 16;

    /** Receives each decoded packet; both objects are reused for the next packet. */
    interface PacketSink {
        void accept(Packet packet, PacketLayers layers) throws IOException;
    }

    /** Called when a capture has been read to its end. */
    interface ReaderDone {
        void done(CaptureReader reader) throws IOException;
    }

    private final ProblemPrinter problems;
    private final Progress progress;
    private final BpfFilter.Matcher filter;
    private final Packet packet = new Packet();
    private final PacketLayers layers = new PacketLayers();
    private final String label;
    private int readable;

    CaptureRun(PrintStream err, boolean quiet) {
        this(err, quiet, null);
    }

    /** @param filter packets it rejects are not decoded nor given to the sink; null keeps every packet */
    CaptureRun(PrintStream err, boolean quiet, BpfFilter filter) {
        this(new ProblemPrinter(err), new Progress(err, quiet), filter, null);
    }

    private CaptureRun(ProblemPrinter problems, Progress progress, BpfFilter filter, String label) {
        this.problems = problems;
        this.progress = progress;
        this.filter = filter == null ? null : filter.matcher();
        this.label = label;
    }

    /**
     * For reading the same captures again ({@code label} says which time, in the progress line): their problems
     * were reported the first time, so this run reports none.
     */
    static CaptureRun again(PrintStream err, boolean quiet, BpfFilter filter, String label) {
        return new CaptureRun(new ProblemPrinter(new PrintStream(OutputStream.nullOutputStream())),
                new Progress(err, quiet), filter, label);
    }

    /** Reads one capture; returns false (after reporting why) when it could not be opened. */
    boolean read(String file, PacketSink sink, ReaderDone done) throws IOException {
        CaptureReader reader;
        try {
            reader = Captures.open(file, problems);
        } catch (CaptureException e) {
            problems.fatal(e.getMessage());
            return false;
        }
        try (reader) {
            long n = 0;
            DecodeStatistics decoded = new DecodeStatistics();
            while (reader.next(packet)) {
                if (filter == null || filter.test(packet)) {
                    sink.accept(packet, PacketDecoder.decode(packet, layers));
                    decoded.add(layers);
                }
                if ((++n & (PROGRESS_EVERY - 1)) == 0) {
                    progress.update(label == null ? file : file + " (" + label + ")", reader.position(), reader.size(),
                            n);
                }
            }
            progress.finish();
            problems.note(file, decoded.summary());
            if (reader.readAnything()) {
                readable++; // a file of nothing but damage was opened, but nothing could be read from it
            }
            done.done(reader);
        }
        return true;
    }

    ProblemPrinter problems() {
        return problems;
    }

    int exitCode() {
        problems.summarise();
        return ExitCode.of(readable, problems.reported());
    }
}
