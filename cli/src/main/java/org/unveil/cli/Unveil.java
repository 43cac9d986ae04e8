package org.unveil.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `unveil` command: parses the command line, runs a subcommand, maps failures to exit codes. */
@Command(name = "unveil", mixinStandardHelpOptions = true, versionProvider = Unveil.Version.class,
        description = "Shows what hides behind NAT gateways, load balancers and proxies.",
        footer = {"", ExitCode.HELP, "Set UNVEIL_DEBUG=1 to see stack traces of internal errors."})
public final class Unveil implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;


    public static void main(String[] args) {
        // a plain stream, not System.out: a PrintStream hides a closed pipe and we would read on for nothing
        System.exit(run(args, new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err));
    }

    /** Makes one subcommand, ready to run, writing to the given streams. */
    private interface Subcommand {
        CommandLine make(java.io.OutputStream out, PrintStream err);
    }

    /** By name, in the order `unveil --help` lists them. */
    private static final java.util.Map<String, Subcommand> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, Subcommand> subcommands() {
        var all = new java.util.LinkedHashMap<String, Subcommand>();
        all.put("info", (out, err) -> new CommandLine(new InfoCommand(out, err)));
        all.put("packets", (out, err) -> withFooter(new CommandLine(new PacketsCommand(out, err)),
                PacketsCommand.fieldList()));
        all.put("stats", (out, err) -> new CommandLine(new StatsCommand(out, err)));
        all.put("trace", (out, err) -> new CommandLine(new TraceCommand(out, err)));
        all.put("correlate", (out, err) -> new CommandLine(new CorrelateCommand(out, err)));
        all.put("hosts", (out, err) -> new CommandLine(new HostsCommand(out, err)));
        all.put("plot", (out, err) -> new CommandLine(new PlotCommand(out, err)).setCaseInsensitiveEnumValuesAllowed(true));
        all.put("probe", (out, err) -> new CommandLine(new ProbeCommand(out, err)));
        all.put("proxy", (out, err) -> new CommandLine(new ProxyCommand(err)));
        all.put("demo", (out, err) -> new CommandLine(new DemoCommand(out, err)));
        all.put("balance", (out, err) -> new CommandLine(new BalanceCommand())
                .addSubcommand(withFooter(new CommandLine(new BalanceSimulateCommand(out, err)),
                        String.join(", ", org.unveil.balance.schedulers.Schedulers.names()))));
        all.put("gateway", (out, err) -> new CommandLine(new GatewayCommand())
                .addSubcommand(new GatewayNodeCommand(out, err)));
        all.put("synth", (out, err) -> new CommandLine(new SynthCommand())
                .addSubcommand(withFooter(new CommandLine(new SynthGenerateCommand(out, err)),
                        org.unveil.synth.model.HostMix.names()))
                .addSubcommand(new SynthNatifyCommand(out, err)));
        all.put("scan", (out, err) -> new CommandLine(new ScanCommand())
                .addSubcommand(new ScanIngestCommand(out, err))
                .addSubcommand(new ScanReportCommand(out, err))
                .addSubcommand(new ScanRunCommand(out, err))
                .addSubcommand(new ScanQueryCommand(out, err))
                .addSubcommand(new ScanDiffCommand(out, err))
                .addSubcommand(new ScanSynthCommand(out, err))
                .addSubcommand(new ScanPipelineCommand(out, err))
                .addSubcommand(new CommandLine(new ScanOptoutCommand())
                        .addSubcommand(new ScanOptoutCommand.Add(out, err))
                        .addSubcommand(new ScanOptoutCommand.ListOptouts(out, err))
                        .addSubcommand(new ScanOptoutCommand.Remove(out, err)))
                .addSubcommand(new CommandLine(new ScanGeoCommand())
                        .addSubcommand(new ScanGeoCommand.Update(out, err))));
        all.put("serve", (out, err) -> new CommandLine(new ServeCommand(out, err)));
        return java.util.Collections.unmodifiableMap(all);
    }

    /** Runs one command line with the given streams; returns the exit code. */
    public static int run(String[] args, java.io.OutputStream out, PrintStream err) {
        try {
            return execute(args, out, err);
        } catch (OutOfMemoryError e) {
            return outOfMemory(err);
        } catch (StackOverflowError e) {
            err.println("unveil: internal error: the stack overflowed; set UNVEIL_DEBUG=1 for details and please"
                    + " report it");
            return ExitCode.INTERNAL;
        }
    }

    /** The whole command model, every subcommand built: what picocli's completion generator reads. */
    static CommandLine model() {
        CommandLine cl = new CommandLine(new Unveil());
        PrintStream none = new PrintStream(java.io.OutputStream.nullOutputStream());
        SUBCOMMANDS.forEach((name, sub) -> cl.addSubcommand(name, sub.make(none, none)));
        return cl;
    }

    private static int execute(String[] args, java.io.OutputStream out, PrintStream err) {
        if (args.length > 0 && !args[0].startsWith("-") && !SUBCOMMANDS.containsKey(args[0])) {
            // not the top-level help with exit 0: a script that calls a command this version lacks must know
            err.println("unveil: no command '" + args[0] + "'; the commands are " + String.join(", ",
                    SUBCOMMANDS.keySet()) + " (try 'unveil --help')");
            return ExitCode.USAGE;
        }
        CommandLine cl = new CommandLine(new Unveil());
        // picocli models a command by reflection, a tenth of a second for all of them: build only the one asked for
        String asked = args.length > 0 && SUBCOMMANDS.containsKey(args[0]) ? args[0] : null;
        // `unveil --version` needs none of them: it is how scripts (and start-up timing) probe the install
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        SUBCOMMANDS.forEach((name, sub) -> {
            if (!versionOnly && (asked == null || asked.equals(name))) {
                cl.addSubcommand(name, sub.make(out, err));
            }
        });
        cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExitCodeExceptionMapper(e -> ExitCode.INTERNAL);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("unveil: " + e.getMessage() + " (try '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, err));
        return cl.execute(args);
    }

    /**
     * Made at start-up: once the heap is gone, building the string (its concatenation bootstraps classes) can
     * itself run out and turn the one line into a stack trace.
     */
    private static final String OUT_OF_MEMORY = "unveil: out of memory (the JVM's heap is "
            + (Runtime.getRuntime().maxMemory() >> 20) + " MB): give it more (UNVEIL_HEAP=8g ./unveil ...), or a"
            + " smaller --memory budget to hosts, plot and trace";

    /** One line that says what to do; the heap's size is what the JVM was given, not what the machine has. */
    private static int outOfMemory(PrintStream err) {
        err.println(OUT_OF_MEMORY);
        return ExitCode.INTERNAL;
    }

    /** Puts a list only known at run time (fields, mixes, schedulers) where the help's footer says %s. */
    private static CommandLine withFooter(CommandLine command, String list) {
        String[] footer = command.getCommandSpec().usageMessage().footer();
        for (int i = 0; i < footer.length; i++) {
            footer[i] = footer[i].replace("%s", list.replace("%", "%%"));
        }
        command.getCommandSpec().usageMessage().footer(footer);
        return command;
    }

    private static int failure(Exception e, PrintStream err) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return outOfMemory(err); // on a worker thread, wrapped by the pool
            }
        }
        if (e instanceof OutputFiles.OutputException out) {
            err.println("unveil: " + out.getMessage());
            return ExitCode.OUTPUT;
        }
        if (e instanceof java.io.IOException io) {
            if (isBrokenPipe(io)) {
                return ExitCode.OK; // the reader of our output went away (e.g. `| head`): not an error
            }
            err.println("unveil: " + describe(io));
            return ExitCode.NO_INPUT;
        }
        err.println("unveil: internal error: " + e);
        if (System.getenv("UNVEIL_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("unveil: set UNVEIL_DEBUG=1 for details and please report it");
        }
        return ExitCode.INTERNAL;
    }

    /** File-system errors name the file and the reason ("x: Is a directory"), not just the file. */
    private static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs) {
            String reason = fs.getReason() != null ? fs.getReason()
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : e instanceof java.nio.file.NotDirectoryException ? "not a folder"
                    : "cannot be used";
            return fs.getFile() + ": " + reason;
        }
        if (e instanceof java.io.EOFException) {
            return "the input ended in the middle of a record";
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    private static boolean isBrokenPipe(java.io.IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Broken pipe") || m.contains("Stream closed"));
    }

    /** "unveil 0.1.0 (commit 1a2b3c4, 2026-12-02)", from the build's git.properties; without one, no commit. */
    static final class Version implements CommandLine.IVersionProvider {
        static final String NUMBER = "0.1.0";

        @Override
        public String[] getVersion() throws java.io.IOException {
            java.util.Properties git = new java.util.Properties();
            try (var in = Unveil.class.getResourceAsStream("git.properties")) {
                if (in != null) {
                    git.load(in);
                }
            }
            String commit = git.getProperty("git.commit.id.abbrev");
            if (commit == null) {
                return new String[] {"unveil " + NUMBER + " (built outside a git checkout)"};
            }
            return new String[] {"unveil " + NUMBER + " (commit " + commit
                    + ("true".equals(git.getProperty("git.dirty")) ? " with uncommitted changes" : "") + ", "
                    + git.getProperty("git.commit.time") + ")"};
        }
    }

    /** Without a subcommand: say which exist. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
