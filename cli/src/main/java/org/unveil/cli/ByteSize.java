package org.unveil.cli;

import java.util.Locale;

/** Sizes as users write them: a number of bytes, or with K, M, G or T (binary: 1K = 1024), "B"/"iB" optional. */
final class ByteSize {
    private ByteSize() {
    }

    /** The size in bytes; IllegalArgumentException naming the text when it is no size or not positive. */
    static long parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B") && t.length() > 1 && !Character.isDigit(t.charAt(t.length() - 2))) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = t.endsWith("K") ? 10 : t.endsWith("M") ? 20 : t.endsWith("G") ? 30 : t.endsWith("T") ? 40 : 0;
        try {
            long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            if (n <= 0 || n > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size like 300K, 100M or 10G");
        }
    }
}
