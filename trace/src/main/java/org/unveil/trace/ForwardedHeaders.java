package org.unveil.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the client chain of an HTTP head: X-Forwarded-For (comma-separated, each element an address with an
 * optional port) and Forwarded (RFC 7239 section 4: {@code for=} in each element, quoted, IPv6 bracketed,
 * optionally with a port).
 */
public final class ForwardedHeaders {
    private ForwardedHeaders() {
    }

    /** The first X-Forwarded-For or Forwarded line of the head naming {@code address}, or null. */
    static String lineNaming(CharSequence text, String address) {
        if (!Lines.contains(text, address) && !Lines.contains(text, address.toUpperCase(Locale.ROOT))) {
            return null; // the cheap test that spares almost every packet the parsing below
        }
        int line = 0;
        while (line < text.length()) {
            int end = Lines.end(text, line);
            if (end == line) {
                return null; // the empty line: end of the head
            }
            String header = text.subSequence(line, end).toString();
            int colon = header.indexOf(':');
            if (colon > 0) {
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1);
                if ((name.equals("x-forwarded-for") && xffNames(value, address))
                        || (name.equals("forwarded") && forwardedNames(value, address))) {
                    return header;
                }
            }
            line = Lines.next(text, end);
        }
        return null;
    }

    static boolean xffNames(String value, String address) {
        return chain(value, null).contains(address);
    }

    static boolean forwardedNames(String value, String address) {
        return chain(null, value).contains(address);
    }

    /**
     * The client chain a head names, oldest first: the X-Forwarded-For elements, else the {@code for=} values of
     * Forwarded; empty when neither is given (either argument may be null).
     */
    public static List<String> chain(String xff, String forwarded) {
        List<String> out = new ArrayList<>();
        if (xff != null) {
            for (String element : xff.split(",")) {
                if (!element.isBlank()) {
                    out.add(host(element));
                }
            }
        } else if (forwarded != null) {
            for (String element : forwarded.split(",")) {
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                        out.add(host(pair.substring(eq + 1)));
                    }
                }
            }
        }
        return out;
    }

    /** The address of one chain element: quotes, brackets and a port removed, lower case. */
    static String host(String element) {
        String e = element.trim();
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1).trim();
        }
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            e = close > 0 ? e.substring(1, close) : e.substring(1);
        } else if (e.indexOf(':') >= 0 && e.indexOf(':') == e.lastIndexOf(':')) {
            e = e.substring(0, e.indexOf(':')); // IPv4 with a port
        }
        return e.toLowerCase(Locale.ROOT);
    }
}
