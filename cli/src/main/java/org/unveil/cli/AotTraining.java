package org.unveil.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The training run behind `./unveil`'s ahead-of-time cache: the commands whose speed matters (stats, hosts,
 * trace), each many times over a small capture, so that the cache holds their classes and their methods'
 * profiles, and a real run compiles its hot loops without first watching them run slowly.
 */
final class AotTraining {
    private AotTraining() {
    }

    /** @param args a small capture like the benchmark's (the bundled demo capture) */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: AotTraining CAPTURE");
            System.exit(ExitCode.USAGE);
        }
        System.exit(train(args[0]));
    }

    /** Runs the commands the cache is trained on; 0 when every run succeeded. */
    static int train(String capture) {
        PrintStream err = new PrintStream(OutputStream.nullOutputStream());
        int failed = 0;
        // one run a time: a capture named twice in one run is a usage error
        for (int i = 0; i < 300; i++) {
            failed |= Unveil.run(new String[] {"stats", "--quiet", "--threads", "1", capture},
                    OutputStream.nullOutputStream(), err);
        }
        for (int i = 0; i < 40; i++) {
            failed |= Unveil.run(new String[] {"hosts", "--quiet", "--json", capture},
                    OutputStream.nullOutputStream(), err);
            failed |= Unveil.run(new String[] {"trace", "--quiet", "--threads", "1", "--xff", "203.0.113.131",
                capture}, OutputStream.nullOutputStream(), err);
        }
        return failed == 0 ? ExitCode.OK : ExitCode.INTERNAL;
    }
}
