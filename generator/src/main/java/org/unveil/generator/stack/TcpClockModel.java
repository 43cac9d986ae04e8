package org.unveil.generator.stack;

import java.util.Arrays;

/**
 * A host's TCP timestamp clock (RFC 7323 section 5.4): TSval counts ticks of {@code hz} of the host's own
 * oscillator, which runs {@code skewPpm} fast or slow (Kohno et al. 2005 measured up to about ±100 ppm), from an
 * offset that is per host, per destination or per connection, restarting at each reboot.
 *
 * @param hz ticks per second; 0 means the host sends no timestamps at all
 * @param granularityNanos how often the tick counter is updated (0: continuously; Windows: its 15.625 ms timer)
 * @param rebootNanos absolute epoch nanoseconds at which the host reboots, ascending
 */
public record TcpClockModel(int hz, double skewPpm, Offset offset, long granularityNanos, long[] rebootNanos) {

    /** Where TSval starts counting from. */
    public enum Offset {
        /** One random offset per boot: Linux before 4.10, Windows, macOS. */
        PER_HOST,
        /** A keyed hash of the address pair: Linux 4.13 and later. */
        PER_DESTINATION,
        /** A random offset per connection: Linux 4.10 to 4.12, FreeBSD 13 and later. */
        PER_CONNECTION;

        /** The name written to the hosts CSV. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public TcpClockModel {
        if (hz < 0 || Math.abs(skewPpm) > 10_000 || granularityNanos < 0) {
            throw new IllegalArgumentException("impossible clock: " + hz + " Hz, " + skewPpm + " ppm");
        }
        rebootNanos = rebootNanos.clone();
        Arrays.sort(rebootNanos);
    }

    /** A host that sends no TCP timestamps (Windows by default). */
    public static TcpClockModel none() {
        return new TcpClockModel(0, 0, Offset.PER_HOST, 0, new long[0]);
    }

    public boolean enabled() {
        return hz > 0;
    }

    /** The same clock, rebooting at these times as well. */
    public TcpClockModel withReboots(long... times) {
        long[] all = Arrays.copyOf(rebootNanos, rebootNanos.length + times.length);
        System.arraycopy(times, 0, all, rebootNanos.length, times.length);
        return new TcpClockModel(hz, skewPpm, offset, granularityNanos, all);
    }

    @Override
    public long[] rebootNanos() {
        return rebootNanos.clone();
    }

    /** How many reboots happened at or before {@code nanos}. */
    public int bootsBefore(long nanos) {
        int k = 0;
        while (k < rebootNanos.length && rebootNanos[k] <= nanos) {
            k++;
        }
        return k;
    }

    /** The start of the boot that {@code nanos} falls in, or {@code uptimeStart} before the first reboot. */
    public long bootStart(int boot, long uptimeStart) {
        return boot == 0 ? uptimeStart : rebootNanos[boot - 1];
    }

    /**
     * Ticks counted from boot start to {@code sinceBootNanos} later, by the skewed and coarsened clock, before
     * any offset: floor(hz · t · (1 + skew), with t rounded down to the granularity).
     */
    public long ticks(long sinceBootNanos) {
        double local = sinceBootNanos * (1 + skewPpm * 1e-6);
        if (granularityNanos > 0) {
            local = Math.floor(local / granularityNanos) * granularityNanos;
        }
        return (long) Math.floor(local * hz / 1e9);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpClockModel c && c.hz == hz && Double.compare(c.skewPpm, skewPpm) == 0
                && c.offset == offset && c.granularityNanos == granularityNanos
                && Arrays.equals(c.rebootNanos, rebootNanos);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {hz, Double.doubleToLongBits(skewPpm), offset.ordinal(), granularityNanos,
            Arrays.hashCode(rebootNanos)});
    }

    @Override
    public String toString() {
        return hz + " Hz " + skewPpm + " ppm " + offset.label() + " reboots " + Arrays.toString(rebootNanos);
    }
}
