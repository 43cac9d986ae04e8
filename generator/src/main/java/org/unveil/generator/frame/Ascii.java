package org.unveil.generator.frame;

import java.nio.charset.StandardCharsets;

/** Writes text into a byte array without making Strings: the generator builds HTTP heads once per message. */
public final class Ascii {
    private Ascii() {
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Copies {@code text} to {@code at}; returns the offset after it. */
    public static int put(byte[] buffer, int at, byte[] text) {
        System.arraycopy(text, 0, buffer, at, text.length);
        return at + text.length;
    }

    public static int putDecimal(byte[] buffer, int at, long value) {
        if (value == 0) {
            buffer[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1; i >= at; i--, value /= 10) {
            buffer[i] = (byte) ('0' + value % 10);
        }
        return at + digits;
    }

    /** A dotted-quad IPv4 address. */
    public static int putIpv4(byte[] buffer, int at, int address) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            at = putDecimal(buffer, at, (address >>> shift) & 0xFF);
            if (shift > 0) {
                buffer[at++] = '.';
            }
        }
        return at;
    }
}
