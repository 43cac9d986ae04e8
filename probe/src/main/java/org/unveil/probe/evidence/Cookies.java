package org.unveil.probe.evidence;

import java.util.ArrayList;
import java.util.List;

/** The name=value pairs a response sets (Set-Cookie), attributes dropped and quotes taken off. */
final class Cookies {
    private Cookies() {
    }

    /** One cookie a response set. */
    record Cookie(String name, String value) {
    }

    static List<Cookie> of(Reply reply) {
        List<Cookie> out = new ArrayList<>();
        for (String line : reply.values("Set-Cookie")) {
            int semi = line.indexOf(';');
            String pair = semi < 0 ? line : line.substring(0, semi);
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String value = pair.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            out.add(new Cookie(pair.substring(0, eq).strip(), value));
        }
        return out;
    }
}
