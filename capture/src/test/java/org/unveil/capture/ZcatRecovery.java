package org.unveil.capture;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What zcat-style recovery gets from a damaged gzip file, computed apart from the code under test:
 * java.util.zip.Inflater fed one compressed byte at a time, keeping the output of every call that succeeded,
 * until the data is damaged, ends or is finished.
 */
public final class ZcatRecovery {
    /** GZIPOutputStream's header: magic, method, flags, mtime, extra flags, OS; no name. */
    public static final int GZIP_HEADER = 10;

    private ZcatRecovery() {
    }

    /** The bytes recovered from {@code gz}, a single member written by GZIPOutputStream. */
    public static byte[] of(byte[] gz) {
        Inflater inflater = new Inflater(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        try {
            for (int i = GZIP_HEADER; i < gz.length && !inflater.finished(); i++) {
                inflater.setInput(gz, i, 1);
                int n;
                while ((n = inflater.inflate(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (DataFormatException damaged) {
            // zcat stops here too
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }
}
