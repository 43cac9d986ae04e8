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
 * Names the operating system generation behind a {@link SynSignature} (e.g. "windows-xp", "linux-2.6"), from a
 * table kept as data ({@code os-labels.csv} beside this class): the first row that matches wins. It only names;
 * linking keeps to the coarser families of {@link OsSignatures}, so a finer name never splits a host.
 */
public final class OsLabels {
    private record Row(String label, int ttl, String window, String layout, int scaleLow, int scaleHigh,
            boolean swappedIpid) {
        boolean matches(SynSignature s, boolean swapped) {
            return s.initialTtl() == ttl && s.layout().equals(layout) && SynWindow.matches(window, s)
                    && s.windowScale() >= scaleLow && s.windowScale() <= scaleHigh && (!swappedIpid || swapped);
        }

    }

    private static final List<Row> ROWS = load();

    private OsLabels() {
    }

    /**
     * The generation the SYN names, or null when no row matches.
     *
     * @param swappedIpid whether the host's IPIDs count with their bytes swapped (Windows 9x's quirk), which
     *        the SYN alone does not show
     */
    public static String label(SynSignature signature, boolean swappedIpid) {
        for (Row row : ROWS) {
            if (row.matches(signature, swappedIpid)) {
                return row.label;
            }
        }
        return null;
    }

    private static List<Row> load() {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = OsLabels.class.getResourceAsStream("os-labels.csv");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("label,")) {
                    continue;
                }
                String[] c = line.split(",");
                String scale = c[4].trim();
                int low;
                int high;
                if (scale.equals("*")) {
                    low = -1;
                    high = 14;
                } else if (scale.equals("-")) {
                    low = -1;
                    high = -1;
                } else if (scale.contains("-")) {
                    low = Integer.parseInt(scale.substring(0, scale.indexOf('-')));
                    high = Integer.parseInt(scale.substring(scale.indexOf('-') + 1));
                } else {
                    low = Integer.parseInt(scale);
                    high = low;
                }
                rows.add(new Row(c[0].trim(), Integer.parseInt(c[1].trim()), c[2].trim(), c[3].trim(), low, high,
                        c[5].trim().equals("swapped")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(rows);
    }
}
