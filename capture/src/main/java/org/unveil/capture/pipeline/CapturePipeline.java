package org.unveil.capture.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureFormat;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.SplitCapture;
import org.unveil.capture.decode.DecodeStatistics;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.pcap.PcapReader;

/**
 * Reads captures, decodes their packets and hands them to sinks: the one place that opens captures, splits a
 * plain pcap file into parts at record boundaries for several threads, applies the packet filter, counts what
 * decoding could not do ({@link DecodeStatistics}, the packets the filter could not test among it), reports
 * progress and gives back the sinks in input order for the caller to merge.
 *
 * <p>With one thread everything runs on the caller's thread, file after file, each told to the listener as soon
 * as it is read. With more, the parts of all files share one pool (a few readers open ahead of the workers), and
 * the files are told in their order as their parts finish. The listener is called by one thread at a time.
 */
public final class CapturePipeline {
    private static final int PROGRESS_EVERY = 1 << 16;

    private final PipelineListener listener;
    private final BpfFilter filter;
    private final String label;
    private final long chunk;
    private final long minPart;

    /** A pipeline telling {@code listener}, keeping every packet, splitting files in parts of 8 MiB or more. */
    public CapturePipeline(PipelineListener listener) {
        this(listener, null, null, MappedFileWindow.DEFAULT_CHUNK, SplitCapture.MIN_PART);
    }

    private CapturePipeline(PipelineListener listener, BpfFilter filter, String label, long chunk, long minPart) {
        this.listener = listener;
        this.filter = filter;
        this.label = label;
        this.chunk = chunk;
        this.minPart = minPart;
    }

    /** The same pipeline giving sinks only the packets {@code filter} keeps (null: all). */
    public CapturePipeline filter(BpfFilter bpf) {
        return new CapturePipeline(listener, bpf, label, chunk, minPart);
    }

    /** The same pipeline naming its progress "FILE (label)", as for a second reading ("pass 2"). */
    public CapturePipeline label(String progressLabel) {
        return new CapturePipeline(listener, filter, progressLabel, chunk, minPart);
    }

    /** The same pipeline mapping {@code mapChunk} bytes at a time and splitting no part below {@code smallest}. */
    public CapturePipeline parts(long mapChunk, long smallest) {
        return new CapturePipeline(listener, filter, label, mapChunk, smallest);
    }

    /** The packet filter, or null. */
    public BpfFilter filter() {
        return filter;
    }

    /** Reads one capture whole on this thread, every packet to {@code sink}. */
    public FileOutcome read(String file, PacketSink sink) throws IOException {
        return run(List.of(file), 1, part -> sink).files().getFirst();
    }

    /**
     * Reads {@code files} in order with up to {@code threads} threads, each plain pcap file in up to
     * {@code threads} parts, each part into a sink of its own made by {@code sinks}.
     */
    public <S extends PacketSink> CaptureResult<S> run(List<String> files, int threads, Function<Part, S> sinks)
            throws IOException {
        int workers = Math.max(1, threads);
        return workers == 1 ? runHere(files, sinks) : runPooled(files, workers, sinks);
    }

    private <S extends PacketSink> CaptureResult<S> runHere(List<String> files, Function<Part, S> sinks)
            throws IOException {
        List<S> made = new ArrayList<>();
        List<FileOutcome> outcomes = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            FileState state = new FileState(files.get(f));
            List<CaptureReader> readers = state.open(1);
            List<PartResult<S>> parts = new ArrayList<>();
            for (int i = 0; readers != null && i < readers.size(); i++) {
                parts.add(readPart(readers.get(i), new Part(f, files.get(f), i, i == readers.size() - 1), sinks,
                        state));
            }
            outcomes.add(state.done(parts, made));
        }
        return new CaptureResult<>(made, outcomes);
    }

    private <S extends PacketSink> CaptureResult<S> runPooled(List<String> files, int workers,
            Function<Part, S> sinks) throws IOException {
        // readers opened ahead of the workers hold a file descriptor and a mapping each: a few per worker
        Semaphore open = new Semaphore(2 * workers);
        List<FileState> states = new ArrayList<>();
        List<List<Future<PartResult<S>>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (int f = 0; f < files.size(); f++) {
                FileState state = new FileState(files.get(f));
                states.add(state);
                List<Future<PartResult<S>>> futures = new ArrayList<>();
                results.add(futures);
                List<CaptureReader> readers = state.open(workers);
                if (readers == null) {
                    continue;
                }
                open.acquireUninterruptibly(readers.size());
                for (int i = 0; i < readers.size(); i++) {
                    CaptureReader reader = readers.get(i);
                    Part part = new Part(f, files.get(f), i, i == readers.size() - 1);
                    futures.add(pool.submit(() -> {
                        try {
                            return readPart(reader, part, sinks, state);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } finally {
                            open.release();
                        }
                    }));
                }
            }
            List<S> made = new ArrayList<>();
            List<FileOutcome> outcomes = new ArrayList<>();
            for (int f = 0; f < states.size(); f++) {
                List<PartResult<S>> parts = new ArrayList<>();
                for (Future<PartResult<S>> r : results.get(f)) {
                    parts.add(r.get());
                }
                outcomes.add(states.get(f).done(parts, made));
            }
            return new CaptureResult<>(made, outcomes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case UncheckedIOException u -> throw u.getCause();
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * How many parts {@link #run} reads {@code file} in with {@code threads} threads (1 for a file read whole), so
     * that an engine spreading the parts over machines can hand out {@link #readPart} tasks; the file is opened to
     * find its record boundaries, as {@code run} does.
     *
     * @throws org.unveil.capture.CaptureException when the file cannot be opened (not a capture, say)
     */
    public int partCount(String file, int threads) throws IOException {
        List<CaptureReader> readers = SplitCapture.open(file, Math.max(1, threads), ProblemListener.IGNORE, chunk,
                minPart);
        for (CaptureReader r : readers) {
            r.close();
        }
        return readers.size();
    }

    /**
     * Reads part {@code index} of the {@code parts} parts {@link #run} splits {@code file} into at {@code parts}
     * threads (the same record boundaries, the same look-ahead past the part's end for a {@link PartSink}), into
     * one sink made by {@code sinks}; its damage goes to the listener. {@code fileIndex} is the file's place among
     * the run's files, as {@link Part#file} tells the sink.
     */
    public <S extends PacketSink> PartOutcome<S> readPart(String file, int fileIndex, int parts, int index,
            Function<Part, S> sinks) throws IOException {
        FileState state = new FileState(file);
        List<CaptureReader> readers = SplitCapture.open(file, Math.max(1, parts), state, chunk, minPart);
        if (index < 0 || index >= readers.size()) {
            for (CaptureReader r : readers) {
                r.close();
            }
            throw new IllegalArgumentException(file + " has " + readers.size() + " parts at " + parts
                    + " threads, not a part " + index);
        }
        for (int i = 0; i < readers.size(); i++) {
            if (i != index) {
                readers.get(i).close();
            }
        }
        PartResult<S> r = readPart(readers.get(index), new Part(fileIndex, file, index, index == readers.size() - 1),
                sinks, state);
        return new PartOutcome<>(r.sink(), r.packets(), r.decoded(), r.readable(), state.problems);
    }

    /**
     * What {@link #readPart} gave: the sink, the packets read, what decoding skipped, whether anything could be
     * read and how many problems (damaged records) the listener was told of.
     */
    public record PartOutcome<S>(S sink, long packets, DecodeStatistics decoded, boolean readable, long problems) {
    }

    /** What one part gave. */
    private record PartResult<S>(S sink, long packets, DecodeStatistics decoded, boolean readable,
            CaptureFormat format) {
    }

    /** Reads one part to its end (and, for a sink that asks, a little past it), then closes its reader. */
    private <S extends PacketSink> PartResult<S> readPart(CaptureReader part, Part where, Function<Part, S> sinks,
            FileState state) throws IOException {
        S sink = sinks.apply(where);
        BpfFilter.Matcher matcher = filter == null ? null : filter.matcher();
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        DecodeStatistics decoded = new DecodeStatistics();
        long n = 0;
        try (CaptureReader reader = part) {
            long told = where.index() == 0 ? 0 : reader.position();
            while (reader.next(packet)) {
                if (matcher == null || matcher.test(packet)) {
                    sink.add(packet, PacketDecoder.decode(packet, layers));
                    decoded.add(layers);
                } else if (matcher.untested() != null) {
                    decoded.untested(matcher.untested());
                }
                if ((++n & (PROGRESS_EVERY - 1)) == 0) {
                    long at = reader.position();
                    state.progress(at - told, PROGRESS_EVERY, reader.size());
                    told = at;
                }
            }
            sink.unusedInto(decoded);
            if (!where.last() && sink instanceof PartSink wants && reader instanceof PcapReader pcap) {
                lookAhead(where.name(), pcap.end(), wants, matcher, packet, layers);
            }
            return new PartResult<>(sink, n, decoded, reader.readAnything(), reader.format());
        }
    }

    /** Feeds {@code sink} the records from {@code end}, as far as it asks; their damage is the next part's. */
    private static void lookAhead(String file, long end, PartSink sink, BpfFilter.Matcher matcher, Packet packet,
            PacketLayers layers) throws IOException {
        long bytes = sink.lookAhead();
        if (end < 0 || bytes <= 0) {
            return;
        }
        try (CaptureReader more = SplitCapture.from(file, end, ProblemListener.IGNORE)) {
            while (more.next(packet) && packet.fileOffset() < end + bytes
                    && ((matcher != null && !matcher.test(packet))
                        || sink.following(packet, PacketDecoder.decode(packet, layers)))) {
                // each call feeds the sink
            }
        }
    }

    /**
     * One file's reading: counts its readers' problems and passes them on, and sums the progress of its parts,
     * telling the listener under one lock (the pipeline's) whichever thread reads.
     */
    private final class FileState implements ProblemListener {
        private final String file;
        private final String source;
        private String failure;
        private long problems;
        private long bytes;
        private long packets;

        FileState(String file) {
            this.file = file;
            this.source = label == null ? file : file + " (" + label + ")";
        }

        /** The readers of the file's parts, or null (told to the listener) when it cannot be opened. */
        List<CaptureReader> open(int parts) throws IOException {
            try {
                return SplitCapture.open(file, parts, this, chunk, minPart);
            } catch (CaptureException e) {
                synchronized (CapturePipeline.this) {
                    failure = e.getMessage();
                    listener.openFailed(file, e.getMessage());
                }
                return null;
            }
        }

        @Override
        public void problem(CaptureProblem problem) {
            synchronized (CapturePipeline.this) {
                problems++;
                listener.problem(problem);
            }
        }

        void progress(long moreBytes, long morePackets, long total) {
            synchronized (CapturePipeline.this) {
                bytes += moreBytes;
                packets += morePackets;
                listener.progress(source, bytes, total, packets);
            }
        }

        /** Merges the parts' counts in order, adds their sinks to {@code sinks} and tells the listener. */
        <S> FileOutcome done(List<PartResult<S>> parts, List<S> sinks) {
            FileOutcome outcome;
            synchronized (CapturePipeline.this) {
                if (failure != null) {
                    outcome = FileOutcome.failed(file, failure);
                } else {
                    DecodeStatistics decoded = new DecodeStatistics();
                    long read = 0;
                    boolean readable = false;
                    for (PartResult<S> p : parts) {
                        sinks.add(p.sink());
                        decoded.merge(p.decoded());
                        read += p.packets();
                        readable |= p.readable();
                    }
                    outcome = new FileOutcome(file, true, null, parts.getFirst().format(), readable, read, decoded,
                            problems);
                }
                listener.fileDone(outcome);
            }
            return outcome;
        }
    }
}
