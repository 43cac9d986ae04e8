package org.unveil.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.pcap.PcapReader;

/**
 * Opens one capture as several readers over disjoint, consecutive parts, so that threads can decode a
 * large file together. Only plain pcap files split (at record boundaries found by plausibility chains);
 * other inputs come back as a single reader.
 */
public final class SplitCapture {
    /** Below this, splitting costs more than it saves. */
    public static final long MIN_PART = 8L << 20;

    private SplitCapture() {
    }

    public static List<CaptureReader> open(String name, int parts, ProblemListener problems) throws IOException {
        return open(name, parts, problems, MappedFileWindow.DEFAULT_CHUNK, MIN_PART);
    }

    /** As {@link #open(String, int, ProblemListener)} with the mapping chunk and smallest part chosen. */
    public static List<CaptureReader> open(String name, int parts, ProblemListener problems, long chunk,
            long minPart) throws IOException {
        CaptureReader first = Captures.open(name, problems, chunk);
        List<CaptureReader> readers = new ArrayList<>();
        readers.add(first);
        if (!(first instanceof PcapReader pcap) || first.size() < 0) {
            return readers;
        }
        long size = first.size();
        int n = (int) Math.max(1, Math.min(parts, size / Math.max(1, minPart)));
        if (n == 1) {
            return readers;
        }
        try {
            long[] bounds = new long[n + 1];
            bounds[n] = size;
            for (int i = 1; i < n; i++) {
                bounds[i] = Math.max(bounds[i - 1], pcap.syncFrom(size * i / n));
            }
            pcap.restrictTo(0, bounds[1]);
            for (int i = 1; i < n; i++) {
                PcapReader part = (PcapReader) Captures.forWindow(new MappedFileWindow(Path.of(name), chunk), name,
                        problems);
                part.restrictTo(bounds[i], bounds[i + 1]);
                readers.add(part);
            }
            return readers;
        } catch (IOException | RuntimeException e) {
            for (CaptureReader r : readers) {
                r.close();
            }
            throw e;
        }
    }

    /**
     * A reader over the records of plain pcap file {@code name} from record boundary {@code start} to its end:
     * lets the reader of one part look past its end for what straddles the boundary.
     */
    public static CaptureReader from(String name, long start, ProblemListener problems) throws IOException {
        CaptureReader reader = Captures.forWindow(new MappedFileWindow(Path.of(name), MappedFileWindow.DEFAULT_CHUNK),
                name, problems);
        if (!(reader instanceof PcapReader pcap)) {
            reader.close();
            throw new IllegalArgumentException(name + " is not a plain pcap file");
        }
        pcap.restrictTo(start, Long.MAX_VALUE);
        return pcap;
    }
}
