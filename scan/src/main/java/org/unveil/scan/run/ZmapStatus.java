package org.unveil.scan.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of zmap's status lines, e.g. " 0:01 50% (1m left); send: 32 done (331 p/s avg); recv: 3 2 p/s (2 p/s avg);
 * drops: 0 p/s (0 p/s avg); hitrate: 9.38%". Fields zmap left out are -1.
 */
public record ZmapStatus(String elapsed, double percent, String left, long sent, String sendRate, long received,
        double hitRate) {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(\\d+:\\d+(?::\\d+)?)\\s+(\\d+)%(?:\\s+\\(([^)]*) left\\))?;\\s*send:\\s*(\\d+)\\s+([^;]*?);"
                    + "\\s*recv:\\s*(\\d+)[^;]*;.*?hitrate:\\s*([\\d.]+)%");

    /** The status in {@code line}, or null when it is another kind of line. */
    public static ZmapStatus parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return null;
        }
        return new ZmapStatus(m.group(1), Double.parseDouble(m.group(2)), m.group(3), Long.parseLong(m.group(4)),
                m.group(5).strip(), Long.parseLong(m.group(6)), Double.parseDouble(m.group(7)) / 100);
    }
}
