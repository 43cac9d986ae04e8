package org.unveil.capture;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.unveil.capture.io.ByteWindow;
import org.unveil.capture.io.GzipInput;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.io.StreamWindow;
import org.unveil.capture.pcap.PcapReader;
import org.unveil.capture.pcapng.PcapngReader;

/** Opens a capture by content, not by name: pcap or pcapng, plain or gzip-compressed, a file or stdin. */
public final class Captures {
    /** The name that means standard input. */
    public static final String STDIN = "-";
    private static final int GZIP_MAGIC = 0x1F8B;
    private static final int STREAM_MAX_RECORD = PcapngReader.MAX_BLOCK + 64;

    private Captures() {
    }

    public static CaptureReader open(String name, ProblemListener problems) throws IOException {
        return open(name, problems, MappedFileWindow.DEFAULT_CHUNK);
    }

    /** @param chunk bytes mapped at a time for plain files (tests shrink it to exercise boundaries) */
    public static CaptureReader open(String name, ProblemListener problems, long chunk) throws IOException {
        if (STDIN.equals(name)) {
            return openStream(new BufferedInputStream(System.in, 1 << 16), name, problems);
        }
        Path path = Path.of(name);
        if (Files.isDirectory(path)) {
            throw new CaptureException(name, 0, "is a directory, not a capture file");
        }
        try {
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                // a pipe or process substitution: read it as a stream (it cannot be mapped, nor has a size)
                return openStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16), name, problems);
            }
            if (Files.size(path) == 0) {
                throw new CaptureException(name, 0, "empty file");
            }
            if (startsWithGzipMagic(path)) {
                InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
                return openStream(in, name, problems);
            }
            return forWindow(new MappedFileWindow(path, chunk), name, problems);
        } catch (NoSuchFileException e) {
            throw new CaptureException(name, 0, "no such file");
        } catch (AccessDeniedException e) {
            throw new CaptureException(name, 0, "permission denied");
        }
    }

    private static boolean startsWithGzipMagic(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return ((in.read() << 8) | in.read()) == GZIP_MAGIC;
        }
    }

    /** Reads a capture from a stream (a resource, a socket): gzip is recognised, memory stays bounded. */
    public static CaptureReader open(InputStream stream, String name, ProblemListener problems) throws IOException {
        return openStream(new BufferedInputStream(stream, 1 << 16), name, problems);
    }

    private static CaptureReader openStream(InputStream in, String name, ProblemListener problems)
            throws IOException {
        in.mark(2);
        int magic = (in.read() << 8) | in.read();
        in.reset();
        InputStream plain = in;
        if (magic == GZIP_MAGIC) {
            try {
                plain = GzipInput.open(in);
            } catch (GzipInput.Damage e) {
                in.close();
                throw new CaptureException(name, 0, "gzip header damaged: " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                // a read that failed (a disk error, a closed pipe): the stream is ours to close
                in.close();
                throw e;
            }
        }
        return forWindow(new StreamWindow(plain, STREAM_MAX_RECORD), name, problems);
    }

    /** Chooses the reader from the first four bytes of {@code window}. */
    public static CaptureReader forWindow(ByteWindow window, String name, ProblemListener problems)
            throws IOException {
        try {
            long got = window.require(0, 4);
            if (got < 4) {
                String why = window.endProblem();
                String shortness = "only " + got + (got == 1 ? " byte" : " bytes")
                        + ", a capture starts with a 4-byte magic number";
                throw new CaptureException(name, 0, got == 0 ? (why == null ? "empty input" : why)
                        : why == null ? shortness : why + "; " + shortness);
            }
            MemorySegment s = window.segment();
            int magic = s.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
            if (magic == PcapngReader.SECTION_HEADER) {
                return new PcapngReader(window, name, problems);
            }
            if (isPcapMagic(magic) || isPcapMagic(Integer.reverseBytes(magic))) {
                return new PcapReader(window, name, problems);
            }
            throw new CaptureException(name, 0, String.format(
                    "not a pcap or pcapng capture (starts with 0x%08x)", magic));
        } catch (IOException | RuntimeException e) {
            window.close();
            throw e;
        }
    }

    private static boolean isPcapMagic(int magic) {
        return magic == PcapReader.MAGIC_MICROS || magic == PcapReader.MAGIC_NANOS
                || magic == PcapReader.MAGIC_MODIFIED;
    }
}
