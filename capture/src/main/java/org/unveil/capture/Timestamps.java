package org.unveil.capture;

import java.util.Locale;

/** Capture times as text: epoch seconds with all nine decimals, as tshark's frame.time_epoch writes them. */
public final class Timestamps {
    private Timestamps() {
    }

    /** "1700000000.123456789"; times before 1970 count down ("-1.999999999" is a nanosecond after -2 s). */
    public static String epoch(long nanos) {
        return Math.floorDiv(nanos, 1_000_000_000L) + "."
                + String.format(Locale.ROOT, "%09d", Math.floorMod(nanos, 1_000_000_000L));
    }
}
