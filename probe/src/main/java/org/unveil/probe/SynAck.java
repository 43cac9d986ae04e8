package org.unveil.probe;

import java.util.ArrayList;
import java.util.List;
import org.unveil.probe.estimate.Estimator;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

/**
 * The SYN-ACK that opened one of the probe's connections, as captured: when it arrived (epoch nanoseconds), its
 * TTL, window, options in order (kinds and MSS/scale values) and TCP timestamp (tsval; -1 when it had none).
 */
record SynAck(long nanos, int ttl, int window, String options, long tsval) {
    /** The evidence key of the signature. */
    static final String SIGNATURE_KEY = "syn-ack";

    /** The stack's look without the clock: the same kernel and settings give the same. */
    String signature() {
        return "ttl " + ttl + ", window " + window + ", options " + options;
    }

    /** The clock's offset from ours, tsval less arrival in ms, modulo 2^32 (a 1 kHz clock keeps it fixed). */
    long clockOffset() {
        return (tsval - nanos / 1_000_000) & 0xffffffffL;
    }

    /** What the SYN-ACK says about the stack that sent it, as evidence of the response on its connection. */
    List<Evidence> evidence() {
        List<Evidence> out = new ArrayList<>(2);
        out.add(Evidence.of(Kind.TCP, SIGNATURE_KEY, signature(), "the connection's SYN-ACK: " + signature()));
        if (tsval >= 0) {
            long offset = clockOffset();
            out.add(new Evidence(Kind.TCP_CLOCK, Estimator.TCP_CLOCK_KEY, "offset " + offset, "the SYN-ACK's TCP timestamp "
                    + tsval + " is " + offset + " ticks ahead of our clock in ms (mod 2^32)", offset, offset));
        }
        return List.copyOf(out);
    }
}
