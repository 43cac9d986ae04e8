package org.unveil.probe;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.unveil.probe.estimate.HalberdMethod;
import org.unveil.probe.estimate.LbdMethod;
import org.unveil.probe.evidence.Reply;

/**
 * Runs a baseline method against one target: requests one after another at the asked rate, each on the connection
 * policy the options say, then halberd's count or lbd's verdict. halberd samples for about 15 s (its default scan
 * time, at most --max-requests); lbd sends 50.
 */
public final class Baseline {
    private static final double HALBERD_SECONDS = 15;

    private final ProbeOptions options;

    public Baseline(ProbeOptions options) {
        this.options = options;
    }

    /** The requests {@code method} sends at these options. */
    public int requests(Method method) {
        return method == Method.LBD ? LbdMethod.REQUESTS
                : (int) Math.min(options.maxRequests(), Math.max(1, Math.ceil(HALBERD_SECONDS * options.rate())));
    }

    /** Runs {@code method} (halberd or lbd) against {@code target}. */
    public BaselineResult run(Target target, Method method) throws InterruptedException, GeneralSecurityException {
        int n = requests(method);
        List<Reply> replies = new ArrayList<>(n);
        Map<String, Integer> failures = new TreeMap<>();
        long interval = (long) (1e9 / options.rate());
        long next = System.nanoTime();
        int sent = 0;
        try (Fetcher fetcher = new Fetcher(options, target)) {
            while (sent < n && !(replies.isEmpty() && sent >= Probe.UNREACHABLE_AFTER)) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                next = Math.max(next + interval, System.nanoTime());
                sent++;
                try {
                    replies.add(fetcher.fetch());
                } catch (IOException | RuntimeException e) {
                    failures.merge(Failures.describe(e), 1, Integer::sum);
                }
            }
        }
        if (replies.isEmpty()) {
            return new BaselineResult(target, method, sent, 0, null, null, "no reply", failures);
        }
        if (method == Method.LBD) {
            LbdMethod.Verdict v = LbdMethod.of(replies);
            return new BaselineResult(target, method, sent, replies.size(), null, v.balanced(), v.why(), failures);
        }
        int count = HalberdMethod.count(replies);
        return new BaselineResult(target, method, sent, replies.size(), count, null,
                "header hashes with Date offsets within 3 s", failures);
    }
}
