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
            throw notAnAddress(field, text);
        }
        return (int) value;
    }

    /** The IPv6 address {@code text} names, as {high, low}, or null when it is none (IPv4 included). */
    static long[] ipv6(String text) {
        long[] out = new long[2];
        String t = text.strip();
        return t.indexOf(':') >= 0 && org.unveil.scan.Ipv6.parse(t, out) ? out : null;
    }

    /** The IPv6 address in {@code b[from, to)} into {@code out}; false when it is none. */
    static boolean ipv6(byte[] b, int from, int to, long[] out) {
        int f = trimFrom(b, from, to);
        int t = trimTo(b, f, to);
        for (int i = f; i < t; i++) {
            if (b[i] == ':') {
                return org.unveil.scan.Ipv6.parse(b, f, t, out);
            }
        }
        return false;
    }

    static BadLine notAnAddress(String field, String text) {
        return new BadLine(field + " '" + shorten(text) + "' is not an IPv4 or IPv6 address");
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

    /** {@code b[from, to)} without the spaces and tabs around it: where it starts. */
    static int trimFrom(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        return from;
    }

    /** {@code b[from, to)} without the spaces and tabs around it: where it ends. */
    static int trimTo(byte[] b, int from, int to) {
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /** The address in {@code b[from, to)}; allocates only to say what is wrong. */
    static int address(byte[] b, int from, int to, String field) throws BadLine {
        long value = org.unveil.scan.Ipv4.parse(b, trimFrom(b, from, to), trimTo(b, from, to));
        if (value < 0) {
            throw notAnAddress(field, text(b, from, to));
        }
        return (int) value;
    }

    /** The decimal number in {@code b[from, to)}, at most {@code max}; allocates only to say what is wrong. */
    static long number(byte[] b, int from, int to, String field, long max) throws BadLine {
        int f = trimFrom(b, from, to);
        int t = trimTo(b, f, to);
        if (f == t || t - f > 19) {
            throw new BadLine(field + " '" + shorten(text(b, from, to)) + "' is not a number");
        }
        long value = 0;
        for (int i = f; i < t; i++) {
            int c = b[i];
            if (c < '0' || c > '9') {
                throw new BadLine(field + " '" + shorten(text(b, from, to)) + "' is not a number");
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new BadLine(field + " " + value + " is out of range (at most " + max + ")");
        }
        return value;
    }

    /** 0/1 or false/true in {@code b[from, to)}. */
    static boolean flag(byte[] b, int from, int to, String field) throws BadLine {
        int f = trimFrom(b, from, to);
        int t = trimTo(b, f, to);
        if (t - f == 1 && (b[f] == '0' || b[f] == '1')) {
            return b[f] == '1';
        }
        if (is(b, f, t, "true")) {
            return true;
        }
        if (is(b, f, t, "false")) {
            return false;
        }
        throw new BadLine(field + " '" + shorten(text(b, from, to)) + "' is not 0 or 1");
    }

    /** Whether {@code b[from, to)} holds exactly the ASCII {@code word}. */
    static boolean is(byte[] b, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[from + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code b[from, to)} as text, for messages and the rare value kept as a string. */
    static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
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
