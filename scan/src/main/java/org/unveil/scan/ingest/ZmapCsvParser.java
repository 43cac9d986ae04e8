package org.unveil.scan.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * zmap's csv: a header naming the fields (any order, any subset with saddr), then one response a line. Without a
 * header (zmap's default output) each line is one responding address. Lines are read from their bytes and nothing
 * is allocated per line: this is the path of a 10 M-line scan.
 */
final class ZmapCsvParser implements LineParser {
    /** Distinct classifications kept as strings; zmap's modules name a handful. */
    private static final int MAX_CLASSES = 64;

    private int fields;
    private int[] commas;
    private int saddr = -1;
    private int sport = -1;
    private int classification = -1;
    private int success = -1;
    private int repeat = -1;
    private int ttl = -1;
    private int window = -1;
    private int seconds = -1;
    private int micros = -1;
    private int optMss = -1;
    private int optWscale = -1;
    private int optSack = -1;
    private int optTs = -1;
    private final String[] classes = new String[MAX_CLASSES];
    /** An IPv6 saddr's two halves: made once, filled on the rare IPv6 line. */
    private final long[] six = new long[2];
    private int classCount;

    @Override
    public void parse(byte[] b, int from, int to, ResponseSink sink) throws BadLine {
        if (commas == null) {
            if (org.unveil.scan.Ipv4.parse(b, Fields.trimFrom(b, from, to), Fields.trimTo(b, from, to)) >= 0
                    || Fields.ipv6(b, from, to, six)) {
                header("saddr");
            } else {
                header(Fields.text(b, from, to));
                return;
            }
        }
        // commas[i]: where field i ends; field i starts after commas[i - 1]
        int n = 0;
        for (int i = from; i < to && n < fields; i++) {
            if (b[i] == ',') {
                commas[n++] = i;
            }
        }
        if (n != fields - 1) {
            throw new BadLine(count(b, from, to) + " fields where the header names " + fields);
        }
        commas[n] = to;
        int af = start(saddr, from);
        long v4 = org.unveil.scan.Ipv4.parse(b, Fields.trimFrom(b, af, commas[saddr]), Fields.trimTo(b, af,
                commas[saddr]));
        boolean v6 = v4 < 0 && Fields.ipv6(b, af, commas[saddr], six);
        if (v4 < 0 && !v6) {
            throw Fields.notAnAddress("saddr", Fields.text(b, af, commas[saddr]));
        }
        int address = (int) v4;
        // zmap leaves sport empty on an ICMP answer to a UDP or TCP probe (port unreachable): no port, 0 as for ICMP
        int port = sport < 0 || empty(sport, from) ? 0
                : (int) Fields.number(b, start(sport, from), commas[sport], "sport", 65535);
        boolean ok = success < 0 || Fields.flag(b, start(success, from), commas[success], "success");
        String kind = classification < 0 ? (ok ? "synack" : "rst")
                : className(b, start(classification, from), commas[classification]);
        boolean again = repeat >= 0 && Fields.flag(b, start(repeat, from), commas[repeat], "repeat");
        int t = ttl < 0 || empty(ttl, from) ? -1 : (int) Fields.number(b, start(ttl, from), commas[ttl], "ttl", 255);
        int w = window < 0 || empty(window, from) ? -1
                : (int) Fields.number(b, start(window, from), commas[window], "window", 65535);
        long seen = seconds < 0 ? -1
                : Fields.number(b, start(seconds, from), commas[seconds], "timestamp_ts", Long.MAX_VALUE / 2_000_000)
                        * 1_000_000 + (micros < 0 ? 0
                        : Fields.number(b, start(micros, from), commas[micros], "timestamp_us", 999_999));
        int options = optMss < 0 && optWscale < 0 && optSack < 0 && optTs < 0 ? TcpOptions.UNKNOWN : options(b, from);
        if (v6) {
            sink.accept6(new Response6(six[0], six[1], port, kind, ok, again, t, w, seen, options));
        } else {
            sink.accept(address, port, kind, ok, again, t, w, seen, options);
        }
    }

    /** zmap's tcpopt_* fields, empty where the option was absent (and on RSTs and ICMP answers, which have none). */
    private int options(byte[] b, int from) throws BadLine {
        int mss = optMss < 0 || empty(optMss, from) ? -1
                : (int) Fields.number(b, start(optMss, from), commas[optMss], "tcpopt_mss", 65535);
        int shift = -1;
        if (optWscale >= 0 && !empty(optWscale, from)) {
            long factor = Fields.number(b, start(optWscale, from), commas[optWscale], "tcpopt_wscale", 1L << 62);
            shift = TcpOptions.shiftOf(factor);
            if (shift < 0) {
                throw new BadLine("tcpopt_wscale " + factor + " is not a window-scale factor (a power of two)");
            }
        }
        boolean sack = optSack >= 0 && !empty(optSack, from)
                && Fields.number(b, start(optSack, from), commas[optSack], "tcpopt_sack_perm", 1) == 1;
        boolean ts = optTs >= 0 && !empty(optTs, from);
        if (ts) {
            Fields.number(b, start(optTs, from), commas[optTs], "tcpopt_ts_val", 0xffffffffL);
        }
        return TcpOptions.pack(mss, shift, sack, ts);
    }

    private int start(int field, int lineFrom) {
        return field == 0 ? lineFrom : commas[field - 1] + 1;
    }

    private boolean empty(int field, int lineFrom) {
        return start(field, lineFrom) == commas[field];
    }

    private static int count(byte[] b, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            if (b[i] == ',') {
                n++;
            }
        }
        return n;
    }

    /** The classification's string, the same instance each time it recurs (no string per line). */
    private String className(byte[] b, int from, int to) {
        int f = Fields.trimFrom(b, from, to);
        int t = Fields.trimTo(b, f, to);
        for (int i = 0; i < classCount; i++) {
            if (Fields.is(b, f, t, classes[i])) {
                return classes[i];
            }
        }
        String name = Fields.text(b, f, t);
        if (classCount < MAX_CLASSES && name.chars().allMatch(c -> c < 0x80)) {
            classes[classCount++] = name;
        }
        return name;
    }

    private void header(String line) throws BadLine {
        String[] raw = line.split(",", -1);
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < raw.length; i++) {
            at.put(Fields.normalName(raw[i]), i);
        }
        if (!at.containsKey("saddr")) {
            throw new BadLine("the header has no saddr field");
        }
        fields = raw.length;
        commas = new int[raw.length];
        saddr = at.get("saddr");
        sport = at.getOrDefault("sport", -1);
        classification = at.getOrDefault("classification", -1);
        success = at.getOrDefault("success", -1);
        repeat = at.getOrDefault("repeat", -1);
        ttl = at.getOrDefault("ttl", -1);
        window = at.getOrDefault("window", -1);
        seconds = at.getOrDefault("timestamp_ts", -1);
        micros = at.getOrDefault("timestamp_us", -1);
        optMss = at.getOrDefault("tcpopt_mss", -1);
        optWscale = at.getOrDefault("tcpopt_wscale", -1);
        optSack = at.getOrDefault("tcpopt_sack_perm", -1);
        optTs = at.getOrDefault("tcpopt_ts_val", -1);
    }
}
