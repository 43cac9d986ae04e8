package org.unveil.balance.sim;

/**
 * A node leaving (crash) or joining the cluster, {@code afterNanos} after the trace's first packet.
 * Written on the command line as {@code NODE@SECONDS}.
 */
public record MembershipChange(long afterNanos, int node, boolean joins) {
    /** A change later than a year into the trace is a typo, not an experiment. */
    static final double MAX_SECONDS = 366 * 86_400.0;

    /** Parses {@code NODE@SECONDS} (e.g. {@code 2@300}, {@code 1@90.5}). */
    public static MembershipChange parse(String text, boolean joins) {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not NODE@SECONDS (e.g. 2@300)");
        }
        try {
            int node = Integer.parseInt(text.substring(0, at).trim());
            double seconds = Double.parseDouble(text.substring(at + 1).trim());
            if (node < 0 || !(seconds >= 0 && seconds <= MAX_SECONDS)) {
                throw new NumberFormatException();
            }
            return new MembershipChange((long) (seconds * 1e9), node, joins);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not NODE@SECONDS (e.g. 2@300)");
        }
    }
}
