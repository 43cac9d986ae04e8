package org.unveil.probe.evidence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Headers that name the server that answered: X-Backend, X-Served-By, Via, X-Cache, Server-Timing, --id-header. */
public final class IdHeaders implements Extractor {
    /** The headers read without being asked for, lower case. */
    public static final List<String> DEFAULT = List.of("x-backend", "x-backend-server", "x-served-by", "x-server",
            "x-server-id", "x-server-name", "x-upstream", "x-host", "x-hostname", "x-node", "x-instance",
            "x-instance-id", "x-pod", "x-amz-cf-pop", "x-amz-cf-id", "x-cache", "via", "server-timing");

    // Cache verdicts change per request on one server: left in, they would split each back-end in two.
    private static final Pattern VERDICT = Pattern.compile(
            "(?i)\\b(hit|miss|pass|expired|stale|refresh|bypass|dynamic|revalidated|updating|from)\\b");
    private static final Pattern DURATION = Pattern.compile(";\\s*dur=[0-9.]+");
    private static final Pattern PROTOCOL = Pattern.compile("(^|,\\s*)(HTTP/)?[0-9.]+\\s+");

    private final Set<String> names;

    /** Reads the default headers and {@code extra} ones (any case). */
    public IdHeaders(List<String> extra) {
        Set<String> all = new LinkedHashSet<>(DEFAULT);
        extra.forEach(n -> all.add(n.toLowerCase(Locale.ROOT)));
        this.names = all;
    }

    @Override
    public String name() {
        return "id-header";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        List<Header> seen = new ArrayList<>();
        for (Header h : reply.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (names.contains(name)) {
                seen.add(h);
            }
        }
        for (Header h : seen) {
            String value = normalise(h.name().toLowerCase(Locale.ROOT), h.value());
            if (!value.isEmpty()) {
                out.add(Evidence.of(Kind.ID_HEADER, "header " + h.name().toLowerCase(Locale.ROOT), value,
                        "header " + h.name() + ": " + h.value()));
            }
        }
    }

    /** The part of a header's value that stays the same for one server. */
    static String normalise(String name, String value) {
        String v = switch (name) {
            case "x-cache" -> VERDICT.matcher(value).replaceAll("");
            case "server-timing" -> VERDICT.matcher(DURATION.matcher(value).replaceAll("")).replaceAll("");
            case "via" -> PROTOCOL.matcher(value).replaceAll("$1");
            default -> value;
        };
        return v.replaceAll("[\\s,;=]+$", "").replaceAll("^[\\s,;]+", "").replaceAll("\\s+", " ");
    }
}
