package org.unveil.capture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a capture to the end, keeping every packet (as a {@link Frame}) and every reported problem. */
public record Reading(List<Frame> frames, List<CaptureProblem> problems) {

    public static Reading of(Path file) throws IOException {
        return of(file, org.unveil.capture.io.MappedFileWindow.DEFAULT_CHUNK);
    }

    public static Reading of(Path file, long chunk) throws IOException {
        List<CaptureProblem> problems = new ArrayList<>();
        try (CaptureReader reader = Captures.open(file.toString(), problems::add, chunk)) {
            return drain(reader, problems);
        }
    }

    public static Reading of(InputStream in, String name) throws IOException {
        List<CaptureProblem> problems = new ArrayList<>();
        try (CaptureReader reader = Captures.open(in, name, problems::add)) {
            return drain(reader, problems);
        }
    }

    /** Reads the rest of {@code reader}, whose listener must add to {@code problems}. */
    public static Reading drain(CaptureReader reader, List<CaptureProblem> problems) throws IOException {
        List<Frame> frames = new ArrayList<>();
        Packet packet = new Packet();
        while (reader.next(packet)) {
            frames.add(Frame.of(packet));
        }
        // a finished reader stays finished
        if (reader.next(packet)) {
            throw new AssertionError("next() returned true after returning false");
        }
        return new Reading(frames, problems);
    }

    public List<CaptureProblem> fatal() {
        return problems.stream().filter(CaptureProblem::fatal).toList();
    }
}
