package org.unveil.probe.evidence;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * The header set and order: which header names a response carries, in the order the server sent them, with its
 * Server and X-Powered-By banners. Back-ends configured or built apart differ here even with the same page and the
 * same headers (two servers adding the same two headers in a different order). Headers that come and go per
 * request (Set-Cookie, Age, …) are left out so that one server keeps one value.
 */
public final class HeaderSet implements Extractor {
    // present on some responses of one server and not others: they would split a server in two
    private static final Set<String> PER_REQUEST = Set.of("set-cookie", "age", "expires", "retry-after", "warning",
            "x-cache", "x-cache-hits", "x-request-id", "x-amz-cf-id", "x-trace-id", "traceparent", "server-timing",
            "content-range", "www-authenticate", "location");

    @Override
    public String name() {
        return "header-set";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        if (reply.headers().isEmpty()) {
            return;
        }
        Set<String> names = new LinkedHashSet<>(); // wire order, a header sent twice once
        for (Header h : reply.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (!PER_REQUEST.contains(n)) {
                names.add(n);
            }
        }
        StringBuilder v = new StringBuilder(reply.status() + " " + String.join(",", names));
        for (String banner : List.of("Server", "X-Powered-By")) {
            String b = reply.first(banner);
            if (b != null) {
                v.append("; ").append(banner).append(' ').append(b.strip());
            }
        }
        out.add(Evidence.of(Kind.HEADER_SET, "header-set", v.toString(),
                "status and header names in wire order " + v + " (per-request headers left out)"));
    }
}
