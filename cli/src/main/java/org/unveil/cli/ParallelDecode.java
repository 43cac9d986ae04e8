package org.unveil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.SplitCapture;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.summary.ProtocolSummary;

/** Runs a {@link ProtocolSummary} over the parts of one capture on several threads and merges the results. */
final class ParallelDecode {
    private ParallelDecode() {
    }

    /**
     * @return the merged summary, or null (after reporting why) when the file cannot be opened or nothing in it
     *     was intact
     */
    static ProtocolSummary run(String file, int threads, ProblemPrinter problems, BpfFilter filter)
            throws IOException {
        ProblemListener shared = p -> {
            synchronized (problems) {
                problems.problem(p);
            }
        };
        List<CaptureReader> parts;
        try {
            parts = SplitCapture.open(file, threads, shared);
        } catch (CaptureException e) {
            problems.fatal(e.getMessage());
            return null;
        }
        ProtocolSummary total = new ProtocolSummary();
        java.util.concurrent.atomic.AtomicBoolean readable = new java.util.concurrent.atomic.AtomicBoolean();
        if (parts.size() == 1) {
            try {
                total.merge(decode(parts.getFirst(), readable, filter));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return readable.get() ? total : null;
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(parts.size())) {
            List<Future<ProtocolSummary>> results = parts.stream().map(r -> pool.submit(() -> decode(r, readable, filter)))
                    .toList();
            for (Future<ProtocolSummary> f : results) {
                total.merge(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
        return readable.get() ? total : null;
    }

    private static ProtocolSummary decode(CaptureReader reader, java.util.concurrent.atomic.AtomicBoolean readable,
            BpfFilter filter) {
        BpfFilter.Matcher matcher = filter == null ? null : filter.matcher();
        ProtocolSummary summary = new ProtocolSummary();
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        try (reader) {
            while (reader.next(packet)) {
                if (matcher == null || matcher.test(packet)) {
                    summary.add(packet, PacketDecoder.decode(packet, layers));
                }
            }
            if (reader.readAnything()) {
                readable.set(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return summary;
    }
}
