package org.unveil.hosts.evidence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the operating system family behind a {@link SynSignature}, from a table kept as data
 * ({@code os-signatures.csv} beside this class): the first row that matches wins, so specific rows go first.
 */
public final class OsSignatures {
    private record Row(OsFamily os, int ttl, String window, String layout, String windowScale) {
        boolean matches(SynSignature s) {
            return s.initialTtl() == ttl && s.layout().equals(layout) && SynWindow.matches(window, s)
                    && (windowScale.equals("*") || Integer.parseInt(windowScale) == s.windowScale());
        }

    }

    private static final List<Row> ROWS = load();

    private OsSignatures() {
    }

    /**
     * The family, e.g. {@link OsFamily#LINUX}, or {@link OsFamily#UNKNOWN} when nothing matches. The
     * TTL is one sysctl away from its default while the option layout is the kernel's code, so a signature
     * that matches a row in all but the TTL still names that row's family.
     */
    public static OsFamily guess(SynSignature signature) {
        for (Row row : ROWS) {
            if (row.matches(signature)) {
                return row.os;
            }
        }
        for (Row row : ROWS) {
            if (row.matches(new SynSignature(row.ttl, signature.window(), signature.mss(), signature.windowScale(),
                    signature.layout(), signature.dontFragment()))) {
                return row.os;
            }
        }
        return OsFamily.UNKNOWN;
    }

    private static List<Row> load() {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = OsSignatures.class.getResourceAsStream("os-signatures.csv");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("os,")) {
                    continue;
                }
                String[] c = line.split(",");
                rows.add(new Row(OsFamily.named(c[0].trim()), Integer.parseInt(c[1].trim()), c[2].trim(), c[3].trim(),
                        c[4].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(rows);
    }
}
