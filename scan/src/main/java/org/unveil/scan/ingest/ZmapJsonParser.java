package org.unveil.scan.ingest;

import java.util.Map;

/** zmap's json output: one flat object a line, field names as in its csv. */
final class ZmapJsonParser extends TextLineParser {
    @Override
    void parse(String line, ResponseSink sink) throws BadLine {
        Map<String, Object> o = JsonLine.object(line, 0);
        Object saddr = o.get("saddr");
        if (saddr == null) {
            throw new BadLine("no saddr field");
        }
        int options = TcpOptions.UNKNOWN;
        if (o.containsKey("tcpopt_mss") || o.containsKey("tcpopt_wscale") || o.containsKey("tcpopt_sack_perm")
                || o.containsKey("tcpopt_ts_val")) {
            long factor = JsonFields.number(o, "tcpopt_wscale", 1L << 62, -1);
            int shift = factor < 0 ? -1 : TcpOptions.shiftOf(factor);
            if (factor >= 0 && shift < 0) {
                throw new BadLine("tcpopt_wscale " + factor + " is not a window-scale factor (a power of two)");
            }
            options = TcpOptions.pack((int) JsonFields.number(o, "tcpopt_mss", 65535, -1), shift,
                    JsonFields.number(o, "tcpopt_sack_perm", 1, 0) == 1,
                    JsonFields.number(o, "tcpopt_ts_val", 0xffffffffL, -1) >= 0);
        }
        long[] six = Fields.ipv6(saddr.toString());
        int address = six != null ? 0 : Fields.address(saddr.toString(), "saddr");
        int port = (int) JsonFields.number(o, "sport", 65535, 0);
        boolean ok = JsonFields.flag(o, "success", true);
        String kind = JsonFields.text(o, "classification", ok ? "synack" : "rst");
        boolean again = JsonFields.flag(o, "repeat", false);
        int ttl = (int) JsonFields.number(o, "ttl", 255, -1);
        int window = (int) JsonFields.number(o, "window", 65535, -1);
        long seconds = JsonFields.number(o, "timestamp_ts", Long.MAX_VALUE / 2_000_000, -1);
        long seen = seconds < 0 ? -1 : seconds * 1_000_000 + JsonFields.number(o, "timestamp_us", 999_999, 0);
        if (six != null) {
            sink.accept6(new Response6(six[0], six[1], port, kind, ok, again, ttl, window, seen, options));
        } else {
            sink.accept(new Response(address, port, kind, ok, again, ttl, window, seen, options));
        }
    }
}
