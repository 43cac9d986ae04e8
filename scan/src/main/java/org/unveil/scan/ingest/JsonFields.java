package org.unveil.scan.ingest;

import java.util.Map;

/** Typed reads of a parsed JSON object's fields; numbers written as strings (masscan's timestamps) are accepted. */
final class JsonFields {
    private JsonFields() {
    }

    static Object get(Map<String, Object> map, String name) {
        Object value = map.get(name);
        // zmap 2.1.1 names fields "timestamp-ts", later versions "timestamp_ts"
        return value != null || name.indexOf('_') < 0 ? value : map.get(name.replace('_', '-'));
    }

    static String text(Map<String, Object> map, String name, String otherwise) {
        Object value = get(map, name);
        return value == null ? otherwise : value.toString();
    }

    static long number(Map<String, Object> map, String name, long max, long otherwise) throws BadLine {
        Object value = get(map, name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Long l) {
            if (l < 0 || l > max) {
                throw new BadLine(name + " " + l + " is out of range (0 to " + max + ")");
            }
            return l;
        }
        return Fields.number(value.toString(), name, max);
    }

    static boolean flag(Map<String, Object> map, String name, boolean otherwise) throws BadLine {
        Object value = get(map, name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return Fields.flag(value.toString(), name);
    }
}
