package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.unveil.scan.serve.Dashboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `unveil serve`: the scan dashboard over a store, on this machine only unless told. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the scan dashboard: a world map of responders by country, charts per port, AS, TTL and"
                + " classification, the tables behind them and the scans in the store; JSON at /api/scans,"
                + " /api/report?scan=N and /api/diff?from=A&to=B (keys: see scan/README.md). Works offline. The store"
                + " is opened read-only: scans can be ingested meanwhile only by stopping the server."},
        footer = {"", "Example:  unveil serve --store scans.duckdb --port 8080   (then open http://127.0.0.1:8080/)",
            "", ExitCode.HELP})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOption store;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "P",
            description = "The TCP port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDR",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;

    @Option(names = "--geo", paramLabel = "F", description = "The geo table (for AS names and denominators).")
    String geo;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ServeCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) {
            stderr.println("unveil: --port " + port + ": not a TCP port (0 to 65535)");
            return ExitCode.USAGE;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            stderr.println("unveil: --bind " + bind + ": not an address of this machine");
            return ExitCode.USAGE;
        }
        return store.read(stderr, s -> {
            Dashboard d;
            try {
                d = Dashboard.start(s, ScanPaths.geo(geo), new InetSocketAddress(address, port));
            } catch (BindException e) {
                stderr.println("unveil: cannot listen on " + bind + " port " + port + " (" + e.getMessage()
                        + "); choose another --port");
                return ExitCode.USAGE;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                d.close();
                stopped.countDown();
            }));
            String note = address.isLoopbackAddress() ? "" : " (reachable from other machines: --bind " + bind + ")";
            stdout.write(("serving " + s.file() + " at " + d.uri() + note + "; Ctrl-C stops\n")
                    .getBytes(StandardCharsets.UTF_8));
            stdout.flush();
            stopped.await();
            return ExitCode.OK;
        });
    }
}
