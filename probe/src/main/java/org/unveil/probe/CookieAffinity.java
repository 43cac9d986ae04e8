package org.unveil.probe;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.unveil.probe.estimate.Estimate;
import org.unveil.probe.estimate.Estimator;
import org.unveil.probe.evidence.Extractors;
import org.unveil.probe.evidence.Reply;

/**
 * Cookie stickiness: after the run, the cookies one response set go back on new connections. If the balancer
 * keeps a client by its cookie, every answer comes from the back-end that set them; if not, they spread as the
 * run's did. Enough requests are sent that landing on that back-end every time by chance, at its share, is less
 * likely than 1 − confidence (3 to 30 of them).
 */
final class CookieAffinity {
    private static final int FEWEST = 3;
    private static final int MOST = 30;

    private final Fetcher fetcher;
    private final Extractors extractors;
    private final ProbeOptions options;

    CookieAffinity(Fetcher fetcher, Extractors extractors, ProbeOptions options) {
        this.fetcher = fetcher;
        this.extractors = extractors;
        this.options = options;
    }

    /** A verdict of "cannot tell" for this reason, nothing sent. */
    static Stickiness untested(String why) {
        return new Stickiness(null, why, 0, null, null, null);
    }

    /** The cookies a response set, as the Cookie header a browser would send back, or null if it set none. */
    static String cookieHeader(Reply reply) {
        List<String> pairs = new ArrayList<>();
        for (String line : reply.values("Set-Cookie")) {
            int semi = line.indexOf(';');
            String pair = (semi < 0 ? line : line.substring(0, semi)).strip();
            if (pair.indexOf('=') > 0 && pair.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
                pairs.add(pair);
            }
        }
        return pairs.isEmpty() ? null : String.join("; ", pairs);
    }

    /** Sends the cookies of {@code setter} ({cookie header, back-end}) back and judges where the answers came from. */
    Stickiness test(Estimator estimator, String[] setter) throws InterruptedException {
        Estimate e = estimator.estimate();
        if (e.servers().size() < 2) {
            return untested(e.servers().isEmpty() ? "no back-end was named, so landing on one cannot be seen"
                    : "one back-end seen: nothing to stick to");
        }
        if (setter == null) {
            return untested("no response set a cookie");
        }
        String cookies = setter[0];
        String server = setter[1];
        double share = e.servers().stream().filter(s -> s.id().equals(server)).mapToDouble(s -> s.share().share())
                .findFirst().orElse(0.5);
        int n = (int) Math.ceil(Math.log(1 - options.confidence()) / Math.log(Math.min(share, 0.99)));
        n = Math.max(FEWEST, Math.min(MOST, n));
        long interval = (long) (1e9 / options.rate());
        int same = 0;
        int unknown = 0;
        List<String> others = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TimeUnit.NANOSECONDS.sleep(interval);
            String landed;
            try {
                landed = estimator.match(extractors.extract(fetcher.fetch(cookies)));
            } catch (IOException | RuntimeException failed) {
                landed = null;
            }
            if (landed == null) {
                unknown++;
            } else if (landed.equals(server)) {
                same++;
            } else {
                others.add(landed);
            }
        }
        String sent = String.format("%d requests on new connections with the cookies %s set (%s)", n, server,
                names(cookies));
        if (!others.isEmpty()) {
            return new Stickiness(false, sent + ": " + others.size() + " came from other back-ends ("
                    + String.join(", ", others.stream().distinct().limit(3).toList()) + ")", n, server, null,
                    null);
        }
        if (same >= FEWEST && unknown * 5 <= n) {
            return new Stickiness(true, String.format("%s: every one of the %d identified came from %s (by chance at"
                    + " its share %.2f: %.2g)", sent, same, server, share, Math.pow(share, same)), n, server, null,
                    null);
        }
        return new Stickiness(null, sent + ": only " + same + " could be put with a back-end", n, server, null,
                null);
    }

    private static String names(String cookies) {
        List<String> out = new ArrayList<>();
        for (String pair : cookies.split("; ")) {
            out.add(pair.substring(0, pair.indexOf('=')));
        }
        return String.join(", ", out);
    }
}
