package org.unveil.cli;

import java.io.PrintStream;

/**
 * Shows bytes, packets, rate and ETA on stderr, redrawn twice a second, only when stderr is a terminal
 * and the user did not ask for quiet. Checked every 64K packets so the hot loop pays nothing.
 */
final class Progress {
    private static final long INTERVAL_NANOS = 500_000_000L;
    private final PrintStream err;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private long lastDraw = started;
    private boolean drawn;

    Progress(PrintStream err, boolean quiet) {
        this.err = err;
        java.io.Console console = System.console();
        this.enabled = !quiet && console != null && console.isTerminal();
    }

    /** Called now and then with the reader's position; {@code total} is -1 when unknown (streams). */
    void update(String source, long position, long total, long packets) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        double seconds = (now - started) / 1e9;
        double rate = position / Math.max(seconds, 1e-9);
        StringBuilder line = new StringBuilder("\r").append(source).append(": ")
                .append(position >> 20).append(" MiB");
        if (total > 0) {
            line.append(" of ").append(total >> 20).append(" MiB");
        }
        line.append(", ").append(packets).append(" packets, ").append(String.format("%.0f MB/s", rate / 1e6));
        if (total > 0 && rate > 0) {
            line.append(String.format(", ETA %.0f s", (total - position) / rate));
        }
        err.print(line.append("   "));
        err.flush();
        drawn = true;
    }

    void finish() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
