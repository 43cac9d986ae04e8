package org.unveil.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

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
        String capture = args[0];
        PrintStream err = new PrintStream(OutputStream.nullOutputStream());
        List<String> stats = new ArrayList<>(List.of("stats", "--quiet", "--threads", "1"));
        for (int i = 0; i < 300; i++) {
            stats.add(capture);
        }
        int failed = Unveil.run(stats.toArray(String[]::new), OutputStream.nullOutputStream(), err);
        for (int i = 0; i < 40; i++) {
            failed |= Unveil.run(new String[] {"hosts", "--quiet", "--json", capture},
                    OutputStream.nullOutputStream(), err);
            failed |= Unveil.run(new String[] {"trace", "--quiet", "--threads", "1", "--xff", "203.0.113.131",
                capture}, OutputStream.nullOutputStream(), err);
        }
        System.exit(failed == 0 ? ExitCode.OK : ExitCode.INTERNAL);
    }
}
