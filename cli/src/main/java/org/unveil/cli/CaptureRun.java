package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.pipeline.CapturePipeline;
import org.unveil.capture.pipeline.CaptureResult;
import org.unveil.capture.pipeline.FileOutcome;
import org.unveil.capture.pipeline.PacketSink;
import org.unveil.capture.pipeline.Part;
import org.unveil.capture.pipeline.PipelineListener;

/**
 * A command's reading of its captures through the {@link CapturePipeline}, told on stderr: each reader problem
 * and file that cannot be opened, progress on a terminal, and after each file the decode note (what decoding or
 * the packet filter skipped); what went wrong then makes the exit code.
 */
final class CaptureRun implements PipelineListener {
    private final ProblemPrinter problems;
    private final Progress progress;
    private final CapturePipeline pipeline;
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
        this.pipeline = new CapturePipeline(this).filter(filter).label(label);
    }

    /** Tells reader problems and decode notes to {@code problems}, which the command also reports to. */
    static CaptureRun telling(ProblemPrinter problems, PrintStream err, boolean quiet) {
        return new CaptureRun(problems, new Progress(err, quiet), null, null);
    }

    /**
     * For reading the same captures again ({@code label} says which time, in the progress line): their problems
     * and decode notes were reported the first time, so this run reports none.
     */
    static CaptureRun again(PrintStream err, boolean quiet, BpfFilter filter, String label) {
        return new CaptureRun(new ProblemPrinter(new PrintStream(OutputStream.nullOutputStream())),
                new Progress(err, quiet), filter, label);
    }

    /** Reads one capture on this thread; the outcome says whether it could be opened (else why, reported). */
    FileOutcome read(String file, PacketSink sink) throws IOException {
        return pipeline.read(file, sink);
    }

    /** Reads captures over up to {@code threads} threads, a sink for each part; see {@link CapturePipeline#run}. */
    <S extends PacketSink> CaptureResult<S> run(List<String> files, int threads, Function<Part, S> sinks)
            throws IOException {
        return pipeline.run(files, threads, sinks);
    }

    CapturePipeline pipeline() {
        return pipeline;
    }

    ProblemPrinter problems() {
        return problems;
    }

    @Override
    public void problem(CaptureProblem problem) {
        problems.problem(problem);
    }

    @Override
    public void openFailed(String file, String message) {
        problems.fatal(message);
    }

    @Override
    public void progress(String source, long position, long total, long packets) {
        progress.update(source, position, total, packets);
    }

    @Override
    public void fileDone(FileOutcome outcome) {
        progress.finish();
        problems.note(outcome.file(), outcome.decoded().summary());
        if (outcome.readable()) {
            readable++; // a file of nothing but damage was opened, but nothing could be read from it
        }
    }

    int exitCode() {
        problems.summarise();
        return ExitCode.of(readable, problems.reported());
    }
}
