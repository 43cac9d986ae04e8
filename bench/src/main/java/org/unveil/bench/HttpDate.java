package org.unveil.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.unveil.generator.frame.Ascii;

/** The IMF-fixdate (RFC 9110 section 5.6.7) of the virtual clock, formatted once per second, not per response. */
final class HttpDate {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final long startSeconds;
    private long second = -1;
    private byte[] text;

    HttpDate(long startSeconds) {
        this.startSeconds = startSeconds;
    }

    byte[] at(long elapsedNanos) {
        long now = startSeconds + elapsedNanos / 1_000_000_000L;
        if (now != second) {
            second = now;
            text = Ascii.bytes(FORMAT.format(Instant.ofEpochSecond(now)));
        }
        return text;
    }
}
