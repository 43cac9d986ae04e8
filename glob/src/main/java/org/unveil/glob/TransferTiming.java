package org.unveil.glob;

/**
 * The time bounds of the rule-transfer protocol (Appendix 1, mark 2): up to {@code attempts} tokens, one
 * every {@code retransmitNanos} (a round trip on the control network), then {@code cancels} cancel messages.
 * A token older than {@link #boundNanos} is refused, so a transfer is over, one way or the other, by then.
 */
public record TransferTiming(int attempts, long retransmitNanos, int cancels) {

    /** n = 3 (Table 13: with 10% loss, 99.3% of transfers succeed and 0.36% leave the token undecided). */
    public static final TransferTiming DEFAULT = new TransferTiming(3, 50_000_000L, 3);

    public TransferTiming {
        if (attempts < 1 || attempts > 16 || cancels < 1 || cancels > 16) {
            throw new IllegalArgumentException("attempts and cancels must be 1 .. 16");
        }
        if (retransmitNanos < 1_000L || retransmitNanos > 10_000_000_000L) {
            throw new IllegalArgumentException("retransmit interval outside 1 us .. 10 s: " + retransmitNanos);
        }
    }

    /** How long after its start a transfer may still complete. */
    public long boundNanos() {
        return attempts * retransmitNanos;
    }
}
