package org.unveil.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.unveil.scan.Ipv4;

/**
 * The results topic's record schema, version 1: one JSON object a record, {@code "v":1}, {@code "kind"} either
 * {@code "result"} or {@code "scan"}; addresses dotted. A reader refuses versions it does not know rather than
 * guess at them.
 */
public final class RecordCodec {
    /** The schema version this code writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordCodec() {
    }

    /** A record that is not schema v1 JSON; the message says what is wrong in plain words. */
    public static final class BadRecord extends Exception {
        BadRecord(String message) {
            super(message, null, false, false);
        }
    }

    /** A decoded record: exactly one of the two is set. */
    public record Decoded(ScanResult result, ScanHeader header) {
    }

    /** The JSON of {@code r}. */
    public static String encode(ScanResult r) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"v\":").append(VERSION).append(",\"kind\":\"result\",\"scan\":");
        quote(sb, r.scan());
        sb.append(",\"shard\":").append(r.shard()).append(",\"seq\":").append(r.seq()).append(",\"address\":\"")
                .append(Ipv4.format(r.address())).append("\",\"port\":").append(r.port());
        if (r.classification() != null) {
            sb.append(",\"classification\":");
            quote(sb, r.classification());
        }
        sb.append(",\"success\":").append(r.success()).append(",\"repeat\":").append(r.repeat());
        optional(sb, "ttl", r.ttl());
        optional(sb, "window", r.window());
        optional(sb, "seen", r.seenMicros());
        return sb.append('}').toString();
    }

    /**
     * The enriched topic's JSON of {@code r}: the result's fields, {@code "kind":"enriched"}, and {@code country}
     * and {@code asn} where the geo table knows them.
     */
    public static String encode(ScanResult r, String country, long asn) {
        StringBuilder sb = new StringBuilder(encode(r));
        sb.replace(0, sb.indexOf(",\"scan\""), "{\"v\":" + VERSION + ",\"kind\":\"enriched\"");
        sb.setLength(sb.length() - 1);
        if (country != null) {
            sb.append(",\"country\":");
            quote(sb, country);
        }
        optional(sb, "asn", asn);
        return sb.append('}').toString();
    }

    /** The JSON of {@code h}. */
    public static String encode(ScanHeader h) {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", VERSION).put("kind", "scan").put("scan", h.scan()).put("shard", h.shard()).put("probe", h.probe());
        if (h.port() >= 0) {
            o.put("port", h.port());
        }
        o.put("source", h.source()).put("format", h.format());
        if (h.startedMicros() >= 0) {
            o.put("started", h.startedMicros());
        }
        ArrayNode targets = o.putArray("targets");
        for (long[] t : h.ranges()) {
            targets.addArray().add(Ipv4.format((int) t[0])).add(Ipv4.format((int) t[1]));
        }
        return o.toString();
    }

    /** Reads one record. */
    public static Decoded decode(String text) throws BadRecord {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRecord("not JSON");
        }
        if (o == null || !o.isObject()) {
            throw new BadRecord("not a JSON object");
        }
        if (!o.path("v").isInt()) {
            throw new BadRecord("no schema version (\"v\")");
        }
        if (o.get("v").intValue() != VERSION) {
            throw new BadRecord("schema version " + o.get("v").intValue() + ", this reader knows " + VERSION);
        }
        String scan = text(o, "scan", true);
        int shard = o.path("shard").asInt(0);
        return switch (text(o, "kind", true)) {
            case "result" -> new Decoded(new ScanResult(scan, shard, number(o, "seq", true), address(o, "address"),
                    (int) number(o, "port", true), text(o, "classification", false), bool(o, "success"),
                    bool(o, "repeat"), (int) number(o, "ttl", false), (int) number(o, "window", false),
                    number(o, "seen", false)), null);
            case "scan" -> {
                List<long[]> targets = new ArrayList<>();
                for (JsonNode t : o.path("targets")) {
                    if (!t.isArray() || t.size() != 2 || !t.get(0).isTextual() || !t.get(1).isTextual()) {
                        throw new BadRecord("a target is not a pair of addresses");
                    }
                    targets.add(new long[] {parse(t.get(0).textValue()), parse(t.get(1).textValue())});
                }
                yield new Decoded(null, ScanHeader.of(scan, shard, text(o, "probe", true),
                        (int) number(o, "port", false), text(o, "source", false), text(o, "format", false),
                        number(o, "started", false), targets));
            }
            default -> throw new BadRecord("kind '" + o.get("kind").textValue() + "' is neither result nor scan");
        };
    }

    private static String text(JsonNode o, String field, boolean required) throws BadRecord {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new BadRecord("no \"" + field + "\"");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new BadRecord("\"" + field + "\" is not a string");
        }
        return n.textValue();
    }

    private static long number(JsonNode o, String field, boolean required) throws BadRecord {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new BadRecord("no \"" + field + "\"");
            }
            return -1;
        }
        if (!n.isIntegralNumber() || n.longValue() < 0) {
            throw new BadRecord("\"" + field + "\" is not a whole number at or above 0");
        }
        return n.longValue();
    }

    private static boolean bool(JsonNode o, String field) throws BadRecord {
        JsonNode n = o.get(field);
        if (n == null || !n.isBoolean()) {
            throw new BadRecord("\"" + field + "\" is not true or false");
        }
        return n.booleanValue();
    }

    private static int address(JsonNode o, String field) throws BadRecord {
        return (int) parse(text(o, field, true));
    }

    private static long parse(String dotted) throws BadRecord {
        long a = Ipv4.parse(dotted);
        if (a < 0) {
            throw new BadRecord("'" + dotted + "' is not an IPv4 address");
        }
        return a;
    }

    private static void optional(StringBuilder sb, String field, long value) {
        if (value >= 0) {
            sb.append(",\"").append(field).append("\":").append(value);
        }
    }

    private static void quote(StringBuilder sb, String s) {
        try {
            sb.append(JSON.writeValueAsString(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
