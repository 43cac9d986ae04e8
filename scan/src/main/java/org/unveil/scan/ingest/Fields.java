package org.unveil.scan.ingest;

import org.unveil.scan.Ipv4;

/** Field-value readers shared by the formats, each failing with a plain message. */
final class Fields {
    private Fields() {
    }

    /** zmap 2.1.1 writes "timestamp-str", 3.x and 4.x "timestamp_str": one spelling for both. */
    static String normalName(String name) {
        return name.strip().replace('-', '_');
    }

    static int address(String text, String field) throws BadLine {
        long value = Ipv4.parse(text.strip());
        if (value < 0) {
            throw new BadLine(field + " '" + shorten(text) + "' is not an IPv4 address");
        }
        return (int) value;
    }

    static long number(String text, String field, long max) throws BadLine {
        String t = text.strip();
        if (t.isEmpty() || t.length() > 19) {
            throw new BadLine(field + " '" + shorten(text) + "' is not a number");
        }
        long value = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadLine(field + " '" + shorten(text) + "' is not a number");
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new BadLine(field + " " + value + " is out of range (at most " + max + ")");
        }
        return value;
    }

    static boolean flag(String text, String field) throws BadLine {
        return switch (text.strip()) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new BadLine(field + " '" + shorten(text) + "' is not 0 or 1");
        };
    }

    /** Masscan's words for what came back, as zmap names the same classes. */
    static String classOf(String reason, String proto, boolean open) {
        if ("icmp".equals(proto)) {
            return open ? "echoreply" : "unreach";
        }
        if (reason != null && reason.startsWith("rst")) {
            return "rst";
        }
        return open ? ("udp".equals(proto) ? "udp" : "synack") : "rst";
    }

    /** Enough of a bad value to recognise it, never a whole line. */
    static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
