package org.unveil.trace;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to look for in the first segment of each direction of a connection: a client address in
 * X-Forwarded-For or Forwarded: for= (RFC 7239), a header whose value matches a regex, a regex anywhere in
 * the payload, or an IP address on the packet itself. Header names match in any case (RFC 9110 §5.1).
 */
public final class TraceQuery {
    /** The kinds of query `unveil trace` offers. */
    public enum Kind { FORWARDED_FOR, HEADER, PAYLOAD, ADDRESS }

    private final Kind kind;
    private final String address;
    private final Pattern pattern;
    private final String description;
    private final String headerName;

    private TraceQuery(Kind kind, String address, Pattern pattern, String description) {
        this(kind, address, pattern, description, null);
    }

    private TraceQuery(Kind kind, String address, Pattern pattern, String description, String headerName) {
        this.headerName = headerName;
        this.kind = kind;
        this.address = address;
        this.pattern = pattern;
        this.description = description;
    }

    /** Requests carrying {@code address} in X-Forwarded-For (any position of the chain) or Forwarded: for=. */
    public static TraceQuery forwardedFor(String address) {
        String a = normalise(address);
        return new TraceQuery(Kind.FORWARDED_FOR, a, null, "X-Forwarded-For/Forwarded " + a);
    }

    /**
     * A header written {@code Name: REGEX}: lines whose name is {@code Name} (any case) and whose value
     * matches the regex (a find, not a whole-value match).
     *
     * @throws IllegalArgumentException when the text is not {@code Name: REGEX} or the regex is invalid
     */
    public static TraceQuery header(String nameAndRegex) {
        int colon = nameAndRegex.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--header needs 'Name: REGEX', got '" + nameAndRegex + "'");
        }
        String name = nameAndRegex.substring(0, colon).trim();
        String regex = nameAndRegex.substring(colon + 1).strip();
        Pattern p = compile("(?m)^(?i:" + Pattern.quote(name) + ")[ \\t]*:[ \\t]*(?-i:[^\\r\\n]*?(?:" + regex
                + "))", "--header");
        return new TraceQuery(Kind.HEADER, null, p, "header " + name + ": " + regex, name);
    }

    /** A regex anywhere in the payload (bytes read as ISO-8859-1). */
    public static TraceQuery payload(String regex) {
        return new TraceQuery(Kind.PAYLOAD, null, compile(regex, "--payload"), "payload /" + regex + "/");
    }

    /** Packets from or to {@code address}. */
    public static TraceQuery address(String address) {
        return new TraceQuery(Kind.ADDRESS, normalise(address), null, "address " + normalise(address));
    }

    private static Pattern compile(String regex, String option) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + " regex does not compile: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static String normalise(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (a.isEmpty() || !a.matches("[0-9a-f:.]+")) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address");
        }
        return a;
    }

    public Kind kind() {
        return kind;
    }

    /** The address of a FORWARDED_FOR or ADDRESS query, normalised. */
    public String address() {
        return address;
    }

    /** The header name of a HEADER query, as given. */
    public String headerName() {
        return headerName;
    }

    public String description() {
        return description;
    }

    /** The first matching line in {@code text} (a payload), or null. */
    String find(CharSequence text) {
        if (kind == Kind.FORWARDED_FOR) {
            return ForwardedHeaders.lineNaming(text, address);
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? Lines.around(text, m.start(), m.end()) : null;
    }
}
