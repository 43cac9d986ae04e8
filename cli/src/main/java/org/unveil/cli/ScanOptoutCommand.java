package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.unveil.scan.block.Cidr;
import org.unveil.scan.store.Optout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil scan optout`: the ranges whose owners asked not to be scanned; every `scan run` leaves them out. */
@Command(name = "optout", mixinStandardHelpOptions = true,
        description = "Record, list or remove opt-outs: ranges every 'scan run' leaves out, whatever its targets.")
final class ScanOptoutCommand extends CommandGroup {
    /** `scan optout add CIDR --reason R`. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Record an opt-out.",
            footer = {"", "Example:", "  unveil scan optout add 198.51.100.0/28 --reason 'mail from the owner, 3 May'",
                "", ExitCode.HELP})
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CIDR", description = "The range, like 198.51.100.0/28 or one address.")
        String cidr;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (who asked, when).")
        String reason;

        @Mixin
        StoreOption store;

        private final OutputStream stdout;
        private final PrintStream stderr;

        Add(OutputStream stdout, PrintStream stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Cidr c;
            try {
                c = Cidr.parse(cidr);
            } catch (Cidr.BadCidr e) {
                stderr.println("unveil: " + e.getMessage());
                return ExitCode.USAGE;
            }
            if (reason.isBlank()) {
                stderr.println("unveil: --reason must say why");
                return ExitCode.USAGE;
            }
            return store.change(stderr, ExitCode.OUTPUT, s -> {
                s.addOptout(c.text(), c.first(), c.last(), reason.strip());
                stdout.write(("opted out: " + c.text() + "\n").getBytes(StandardCharsets.UTF_8));
                stdout.flush();
                return ExitCode.OK;
            });
        }
    }

    /** `scan optout list`. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the opt-outs: cidr, added (UTC), reason; tab-separated.", footer = {"", ExitCode.HELP})
    static final class ListOptouts implements Callable<Integer> {
        @Mixin
        StoreOption store;

        private final OutputStream stdout;
        private final PrintStream stderr;

        ListOptouts(OutputStream stdout, PrintStream stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            // opened as to change it, as before: listing a store not made yet makes it and lists nothing
            return store.change(stderr, ExitCode.NO_INPUT, s -> {
                StringBuilder sb = new StringBuilder("cidr\tadded\treason\n");
                for (Optout o : s.optouts()) {
                    sb.append(o.cidr()).append('\t').append(o.added()).append('\t')
                            .append(o.reason().replace('\t', ' ').replace('\n', ' ')).append('\n');
                }
                stdout.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                stdout.flush();
                return ExitCode.OK;
            });
        }
    }

    /** `scan optout remove CIDR`. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an opt-out.",
            footer = {"", ExitCode.HELP})
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CIDR", description = "The range as it was added.")
        String cidr;

        @Mixin
        StoreOption store;

        private final OutputStream stdout;
        private final PrintStream stderr;

        Remove(OutputStream stdout, PrintStream stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Cidr c;
            try {
                c = Cidr.parse(cidr);
            } catch (Cidr.BadCidr e) {
                stderr.println("unveil: " + e.getMessage());
                return ExitCode.USAGE;
            }
            return store.change(stderr, ExitCode.OUTPUT, s -> {
                if (!s.removeOptout(c.text())) {
                    stderr.println("unveil: no opt-out for " + c.text());
                    return ExitCode.NO_INPUT;
                }
                stdout.write(("removed: " + c.text() + "\n").getBytes(StandardCharsets.UTF_8));
                stdout.flush();
                return ExitCode.OK;
            });
        }
    }
}
