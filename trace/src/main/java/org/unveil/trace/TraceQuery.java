package org.unveil.trace;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Locale;
import org.unveil.capture.flow.IpAddresses;

/**
 * What to look for in the first segment of each direction of a connection: a client address in
 * X-Forwarded-For or Forwarded: for= (RFC 7239), a header whose value matches a regex, a regex anywhere in
 * the payload, or an IP address on the packet itself. Header names match in any case (RFC 9110 §5.1).
 * Regexes run on RE2/J (see {@link UserRegex}), in time linear in the payload.
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
        UserRegex.check(regex, "--header");
        // a line starting with the name, then the regex found anywhere in the value; the name is quoted by
        // hand (RE2/J's Pattern.quote is not java.util.regex's \Q...\E form), (?-i) gives the user's regex
        // back its own case sensitivity
        Pattern p = Pattern.compile("(?m)^(?i:" + UserRegex.literal(name) + ")[ \\t]*:[ \\t]*(?-i:[^\\r\\n]*?(?:"
                + UserRegex.embeddable(regex) + "))");
        return new TraceQuery(Kind.HEADER, null, p, "header " + name + ": " + regex, name);
    }

    /** A regex anywhere in the payload (bytes read as ISO-8859-1). */
    public static TraceQuery payload(String regex) {
        UserRegex.check(regex, "--payload");
        return new TraceQuery(Kind.PAYLOAD, null, Pattern.compile(UserRegex.embeddable(regex)),
                "payload /" + regex + "/");
    }

    /** Packets from or to {@code address}. */
    public static TraceQuery address(String address) {
        return new TraceQuery(Kind.ADDRESS, normalise(address), null, "address " + normalise(address));
    }

    /**
     * The address as typed, lower case, without brackets: the text searched for in X-Forwarded-For. It must be
     * a whole IPv4 dotted quad or an IPv6 literal ({@link IpAddresses#isLiteral}).
     */
    private static String normalise(String address) {
        String a = address.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        if (!IpAddresses.isLiteral(a)) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
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
