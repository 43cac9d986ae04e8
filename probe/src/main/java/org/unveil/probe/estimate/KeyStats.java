package org.unveil.probe.estimate;

import java.util.LinkedHashMap;
import java.util.Map;
import org.unveil.probe.evidence.Kind;

/** How one evidence key behaved over a run: on how many responses it came, and each value's count. */
final class KeyStats {
    /**
     * Values that never repeat over this many responses are per request (a session, a request id), not a server.
     * Not fewer: n responses from N equally loaded back-ends all differ with probability about e^(-n²/2N) (the
     * birthday bound), 0.12 for 8 of 16 and 0.39 for 8 of 32, which ignored a real X-Backend behind 16 back-ends
     * (ProbeL4AccuracyTest, MDA's rule: "1 back-end" after 8 probes); 20 of 32 all differ with probability 0.0004.
     */
    static final int PER_REQUEST_AFTER = 20;
    /** Untrusted evidence must show repeats over at least this many responses before it names servers. */
    static final int BEHAVIOUR_AFTER = 4;

    final String key;
    final Kind kind;
    int present;
    // first-seen order, so servers are listed as they were found
    final Map<String, Integer> counts = new LinkedHashMap<>();

    KeyStats(String key, Kind kind) {
        this.key = key;
        this.kind = kind;
    }

    void add(String value) {
        present++;
        counts.merge(value, 1, Integer::sum);
    }

    /** Never repeated over enough responses: a session or request id. */
    boolean perRequest() {
        return present >= PER_REQUEST_AFTER && counts.size() == present;
    }

    /** Whether this key can name back-ends in a run of {@code responses} responses; null if so, else why not. */
    String unusable(int responses) {
        if (!kind.identifies()) {
            return "a clock range, not an id";
        }
        if (present * 5 < responses * 4) {
            return "on only " + present + " of " + responses + " responses";
        }
        if (perRequest()) {
            return "a new value on each of " + present + " responses: per request or a session";
        }
        if (!kind.trusted() && (present < BEHAVIOUR_AFTER || counts.size() * 2 > present)) {
            return counts.size() + " values over " + present + " responses: too many to be servers yet";
        }
        return null;
    }
}
