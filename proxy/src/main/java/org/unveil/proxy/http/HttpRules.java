package org.unveil.proxy.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the HTTP mode lets through, as the thesis's HTTP proxy did: methods and URI prefixes that are refused
 * (with {@code refusalStatus}), headers stripped from every request, and how long a request head may take.
 */
public record HttpRules(Set<String> refusedMethods, List<String> refusedUriPrefixes, Set<String> strippedHeaders,
        int refusalStatus, Duration headTimeout) {
    public HttpRules {
        refusedMethods = refusedMethods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        refusedUriPrefixes = List.copyOf(refusedUriPrefixes);
        strippedHeaders = strippedHeaders.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (refusalStatus < 400 || refusalStatus > 599) {
            throw new IllegalArgumentException("refusal status " + refusalStatus + " is not between 400 and 599");
        }
        if (headTimeout.isNegative() || headTimeout.isZero()) {
            throw new IllegalArgumentException("the head timeout must be positive");
        }
    }

    /** Lets everything through, with a 10 s limit on a request head. */
    public static HttpRules permissive() {
        return new HttpRules(Set.of(), List.of(), Set.of(), 403, Duration.ofSeconds(10));
    }

    /** Why a request is refused, or null when it may pass. */
    String refusal(String method, String uri) {
        if (refusedMethods.contains(method.toUpperCase(Locale.ROOT))) {
            return "method " + method + " is refused";
        }
        for (String prefix : refusedUriPrefixes) {
            if (uri.startsWith(prefix)) {
                return "URI " + prefix + "… is refused";
            }
        }
        return null;
    }
}
