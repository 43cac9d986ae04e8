package org.unveil.capture.pipeline;

import java.util.List;
import org.unveil.capture.decode.DecodeStatistics;

/**
 * What a run over several captures gave: the sinks in input order (files in order, each file's parts in order,
 * one for each part read) and each file's outcome, in the order the files were given.
 */
public record CaptureResult<S>(List<S> sinks, List<FileOutcome> files) {
    public CaptureResult {
        sinks = List.copyOf(sinks);
        files = List.copyOf(files);
    }

    /** Packets read from all files, before the packet filter. */
    public long packets() {
        return files.stream().mapToLong(FileOutcome::packets).sum();
    }

    /** What decoding could not do, over all files. */
    public DecodeStatistics decoded() {
        DecodeStatistics all = new DecodeStatistics();
        files.forEach(f -> all.merge(f.decoded()));
        return all;
    }

    /** Problems the readers reported, over all files. */
    public long problems() {
        return files.stream().mapToLong(FileOutcome::problems).sum();
    }

    /** How many files proved readable: a command that read none has nothing to say. */
    public int readable() {
        return (int) files.stream().filter(FileOutcome::readable).count();
    }

    /** Whether anything at all could be read. */
    public boolean anythingReadable() {
        return readable() > 0;
    }
}
