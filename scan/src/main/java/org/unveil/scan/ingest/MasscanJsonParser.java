package org.unveil.scan.ingest;

import java.util.List;
import java.util.Map;

/**
 * masscan -oJ: "[" and "]" lines around one object a line, with commas before or after; each object has "ip",
 * "timestamp" and a "ports" array of {port, proto, status, reason, ttl}. Old versions end with {"finished": 1}.
 */
final class MasscanJsonParser extends TextLineParser {
    @Override
    void parse(String line, ResponseSink sink) throws BadLine {
        String t = line.strip();
        int from = 0;
        if (t.startsWith(",")) {
            from = 1;
        }
        if (t.equals("[") || t.equals("]") || t.equals(",")) {
            return;
        }
        if (t.startsWith("[")) {
            from = 1;
        }
        if (t.endsWith("]") && !t.endsWith("]}") && !t.endsWith("] }")) {
            t = t.substring(0, t.length() - 1);
        }
        Map<String, Object> o = JsonLine.object(t, from);
        if (o.containsKey("finished") && !o.containsKey("ip")) {
            return;
        }
        Object ip = o.get("ip");
        if (ip == null) {
            throw new BadLine("no ip field");
        }
        long[] six = Fields.ipv6(ip.toString());
        int address = six != null ? 0 : Fields.address(ip.toString(), "ip");
        long seconds = JsonFields.number(o, "timestamp", Long.MAX_VALUE / 2_000_000, -1);
        if (!(o.get("ports") instanceof List<?> ports) || ports.isEmpty()) {
            throw new BadLine("no ports array");
        }
        for (Object item : ports) {
            if (!(item instanceof Map<?, ?> raw)) {
                throw new BadLine("a ports entry is not an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) raw;
            String proto = JsonFields.text(p, "proto", "tcp");
            int port = (int) JsonFields.number(p, "port", 65535, 0);
            boolean open = "open".equals(JsonFields.text(p, "status", "open"));
            String kind = Fields.classOf(JsonFields.text(p, "reason", null), proto, open);
            int ttl = (int) JsonFields.number(p, "ttl", 255, -1);
            long seen = seconds < 0 ? -1 : seconds * 1_000_000;
            if (six != null) {
                sink.accept6(new Response6(six[0], six[1], port, kind, open, false, ttl, -1, seen, TcpOptions.UNKNOWN));
            } else {
                sink.accept(new Response(address, port, kind, open, false, ttl, -1, seen));
            }
        }
    }
}
