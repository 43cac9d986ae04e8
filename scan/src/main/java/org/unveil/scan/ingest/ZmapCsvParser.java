package org.unveil.scan.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * zmap's csv: a header naming the fields (any order, any subset with saddr), then one response a line. Without a
 * header (zmap's default output) each line is one responding address.
 */
final class ZmapCsvParser implements LineParser {
    private String[] names;
    private int saddr = -1;
    private int sport = -1;
    private int classification = -1;
    private int success = -1;
    private int repeat = -1;
    private int ttl = -1;
    private int window = -1;
    private int seconds = -1;
    private int micros = -1;

    @Override
    public void parse(String line, ResponseSink sink) throws BadLine {
        if (names == null) {
            if (org.unveil.scan.Ipv4.parse(line.strip()) >= 0) {
                header("saddr");
            } else {
                header(line);
                return;
            }
        }
        String[] values = line.split(",", -1);
        if (values.length != names.length) {
            throw new BadLine(values.length + " fields where the header names " + names.length);
        }
        int address = Fields.address(values[saddr], "saddr");
        // zmap leaves sport empty on an ICMP answer to a UDP or TCP probe (port unreachable): no port, 0 as for ICMP
        int port = sport < 0 || values[sport].isEmpty() ? 0 : (int) Fields.number(values[sport], "sport", 65535);
        boolean ok = success < 0 || Fields.flag(values[success], "success");
        String kind = classification < 0 ? (ok ? "synack" : "rst") : values[classification].strip();
        boolean again = repeat >= 0 && Fields.flag(values[repeat], "repeat");
        int t = ttl < 0 || values[ttl].isEmpty() ? -1 : (int) Fields.number(values[ttl], "ttl", 255);
        int w = window < 0 || values[window].isEmpty() ? -1 : (int) Fields.number(values[window], "window", 65535);
        long seen = seconds < 0 ? -1 : Fields.number(values[seconds], "timestamp_ts", Long.MAX_VALUE / 2_000_000)
                * 1_000_000 + (micros < 0 ? 0 : Fields.number(values[micros], "timestamp_us", 999_999));
        sink.accept(new Response(address, port, kind, ok, again, t, w, seen));
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
        names = raw;
        saddr = at.get("saddr");
        sport = at.getOrDefault("sport", -1);
        classification = at.getOrDefault("classification", -1);
        success = at.getOrDefault("success", -1);
        repeat = at.getOrDefault("repeat", -1);
        ttl = at.getOrDefault("ttl", -1);
        window = at.getOrDefault("window", -1);
        seconds = at.getOrDefault("timestamp_ts", -1);
        micros = at.getOrDefault("timestamp_us", -1);
    }
}
