package org.unveil.probe;

/**
 * The SYN-ACK that opened one of the probe's connections, as captured: when it arrived (epoch nanoseconds), its
 * TTL, window, options in order (kinds and MSS/scale values) and TCP timestamp (tsval; -1 when it had none).
 */
record SynAck(long nanos, int ttl, int window, String options, long tsval) {
    /** The stack's look without the clock: the same kernel and settings give the same. */
    String signature() {
        return "ttl " + ttl + ", window " + window + ", options " + options;
    }
}
