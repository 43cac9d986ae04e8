package org.unveil.scan.ingest;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The result formats `scan ingest` reads, by the names its --format option takes. */
public enum Format {
    /** zmap's csv output module (2.1.1 hyphenated field names, 3.x/4.x underscored), or its plain address list. */
    ZMAP_CSV("zmap-csv"),
    /** zmap's json output module: one object a line. */
    ZMAP_JSON("zmap-json"),
    /** masscan -oJ: a JSON array with one object a line, commas between. */
    MASSCAN_JSON("masscan-json"),
    /** masscan -oL: "open tcp 80 192.0.2.1 1700000000" lines. */
    MASSCAN_LIST("masscan-list");

    private final String label;

    Format(String label) {
        this.label = label;
    }

    /** The name on the command line and in the store. */
    public String label() {
        return label;
    }

    /** The format called {@code label}, or null. */
    public static Format byLabel(String label) {
        for (Format f : values()) {
            if (f.label.equals(label)) {
                return f;
            }
        }
        return null;
    }

    /** All labels, comma-separated, for help and errors. */
    public static String labels() {
        return Arrays.stream(values()).map(Format::label).collect(Collectors.joining(", "));
    }

    /**
     * The format a file's first non-blank line shows, or null when it shows none: masscan's list starts with its
     * "#masscan" comment or a status word, its JSON with "[" or an object with "ip"; zmap's JSON is an object with
     * "saddr"; zmap's csv starts with a header or with an address.
     */
    public static Format detect(String firstLine) {
        String line = firstLine.strip();
        if (line.startsWith("#masscan") || line.startsWith("open ") || line.startsWith("closed ")) {
            return MASSCAN_LIST;
        }
        if (line.startsWith("[") || line.startsWith("{") && line.contains("\"ip\"")) {
            return MASSCAN_JSON;
        }
        if (line.startsWith("{")) {
            return line.contains("\"saddr\"") ? ZMAP_JSON : null;
        }
        String first = line.split(",", 2)[0];
        if (first.equals("saddr") || line.matches("[a-z_\\-]+(,[a-z_\\-]+)*") && line.contains("saddr")
                || org.unveil.scan.Ipv4.parse(first) >= 0 || Fields.ipv6(first) != null) {
            return ZMAP_CSV;
        }
        return null;
    }
}
