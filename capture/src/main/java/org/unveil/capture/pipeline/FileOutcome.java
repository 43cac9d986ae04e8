package org.unveil.capture.pipeline;

import org.unveil.capture.CaptureFormat;
import org.unveil.capture.decode.DecodeStatistics;

/**
 * What reading one capture gave: whether it opened (else {@code failure} says why), its format, whether anything
 * in it proved readable (a file of nothing but damage did not), the packets read (before the packet filter), what
 * decoding could not do, and how many problems its readers reported.
 */
public record FileOutcome(String file, boolean opened, String failure, CaptureFormat format, boolean readable,
        long packets, DecodeStatistics decoded, long problems) {

    static FileOutcome failed(String file, String message) {
        return new FileOutcome(file, false, message, null, false, 0, new DecodeStatistics(), 0);
    }
}
