package org.unveil.scan.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The zmap found on the machine: 2.x names its fields with hyphens, 3.x and 4.x with underscores. */
public record ZmapVersion(int major, int minor, String text) {
    private static final Pattern VERSION = Pattern.compile("zmap\\s+v?(\\d+)\\.(\\d+)\\S*", Pattern.CASE_INSENSITIVE);

    /** The version `zmap --version` printed, or null when the text names none. */
    public static ZmapVersion parse(String output) {
        Matcher m = VERSION.matcher(output);
        return m.find() ? new ZmapVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group().strip()) : null;
    }

    /** A field name as this version spells it. */
    public String field(String underscored) {
        return major < 3 ? underscored.replace('_', '-') : underscored;
    }
}
