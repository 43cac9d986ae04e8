package org.unveil.stream.job;

/**
 * One (scan, address, port) row of the results table as the fold has it so far: the first successful response
 * if any, else the first (by shard and sequence), with every response counted. -1 stands for SQL NULL in
 * {@code ttl}, {@code window}, {@code seenMicros} and {@code asn}.
 */
public record ResultRow(String scan, int address, int port, String classification, boolean success, int responses,
        int ttl, int window, long seenMicros, String country, long asn, int shard, long seq) {

    /** The row of a first response. */
    static ResultRow first(EnrichedResult e) {
        var r = e.result();
        return new ResultRow(r.scan(), r.address(), r.port(), r.classification(), r.success(), 1, r.ttl(), r.window(),
                r.seenMicros(), e.country(), e.asn(), r.shard(), r.seq());
    }

    /**
     * This row with one more response: the embedded store's rule (arg_min over success first, then line order),
     * so both paths keep the same response whatever order the responses came in.
     */
    ResultRow with(EnrichedResult e) {
        var r = e.result();
        boolean better = r.success() != success ? r.success()
                : r.shard() != shard ? r.shard() < shard : r.seq() < seq;
        boolean answered = success || r.success();
        return better
                ? new ResultRow(scan, address, port, r.classification(), answered, responses + 1, r.ttl(), r.window(),
                        r.seenMicros(), country, asn, r.shard(), r.seq())
                : new ResultRow(scan, address, port, classification, answered, responses + 1, ttl, window, seenMicros,
                        country, asn, shard, seq);
    }
}
