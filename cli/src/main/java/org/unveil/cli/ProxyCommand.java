package org.unveil.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.unveil.proxy.Mode;
import org.unveil.proxy.Proxy;
import org.unveil.proxy.ProxyConfig;
import org.unveil.proxy.http.HttpRules;
import org.unveil.proxy.sys.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `unveil proxy`: runs the transparent proxy, or its standby; parses options and prints log lines only. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"A transparent TCP or HTTP/1.1 proxy for connections that TPROXY hands to --listen (nft or"
                + " iptables sets that up; IP_TRANSPARENT is set on the socket), each relayed to its original destination"
                + " (or --upstream). Buffers and bookkeeping live in the memory-mapped --state file.",
            "With --standby SOCKET the proxy passes every socket, as it accepts it, to a standby started with"
                + " --take-over SOCKET (same --state); when the active process dies, even by kill -9, the standby carries"
                + " every connection on with no byte lost or repeated, in TCP and --http mode (an HTTP connection's filter"
                + " is rebuilt from its snapshot in the state file, mid-head or mid-body). A standby given --standby NEXT"
                + " too passes everything to the standby at NEXT once it has taken over. Runs until SIGTERM or Ctrl-C; one"
                + " log line on stderr for each connection that goes wrong.",
            "Node failure: with --replicate-to ADDR:PORT the proxy replicates every connection (what TCP_REPAIR needs of"
                + " its two sockets, the bytes it takes in, how far each destination acknowledged) to a backup node"
                + " started with --restore-from ADDR:PORT. When the active node falls silent for 1 s the backup drops all"
                + " TCP with nft while it runs --takeover-command (which takes the shared addresses), rebuilds each"
                + " connection with TCP_REPAIR, lifts the drop and relays on. With --copies-on IFACE it also reads the"
                + " active node's copies of every segment it receives (nft 'dup to' on the active node), so nothing the"
                + " active node's kernel acknowledged is missing; without them, what arrived after the last replication"
                + " is lost (see proxy/README.md)."},
        footer = {"", "Examples:",
            "  unveil proxy --take-over /run/unveil-proxy2.sock --state /run/unveil-proxy.state &",
            "  unveil proxy --take-over /run/unveil-proxy.sock --standby /run/unveil-proxy2.sock --state /run/unveil-proxy.state &",
            "  unveil proxy --standby /run/unveil-proxy.sock --state /run/unveil-proxy.state",
            "  unveil proxy --http --refuse-method DELETE --refuse-uri /admin --strip-header Cookie",
            "  unveil proxy --restore-from 198.51.100.2:7000 --copies-on r0 \\",
            "      --takeover-command 'ip link set c0 up && ip link set s0 up' --state /run/unveil-backup.state &",
            "  unveil proxy --replicate-to 198.51.100.2:7000 --state /run/unveil-proxy.state", "",
            "Exit codes: 0 stopped by a signal; 2 usage error; 3 cannot listen, reach the standby or backup node, or take"
                + " over (nft or the take-over command failed); 70 internal error."})
final class ProxyCommand implements Callable<Integer> {
    private final PrintStream stderr;

    @Spec
    CommandSpec spec;

    @Option(names = "--listen", defaultValue = "0.0.0.0:15001", paramLabel = "ADDR:PORT",
            description = "Where TPROXY delivers the intercepted connections (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--no-transparent", description = "Do not set IP_TRANSPARENT (a plain proxy, with --upstream).")
    boolean plain;

    @Option(names = "--upstream", paramLabel = "ADDR:PORT",
            description = "Connect every connection here instead of to its original destination.")
    String upstream;

    @Option(names = "--http", description = "Parse HTTP/1.1 requests and filter them by the rules below.")
    boolean http;

    @Option(names = "--refuse-method", paramLabel = "METHOD", description = "Refuse requests with this method (repeatable).")
    List<String> refusedMethods = new ArrayList<>();

    @Option(names = "--refuse-uri", paramLabel = "PREFIX", description = "Refuse requests whose URI starts so (repeatable).")
    List<String> refusedUris = new ArrayList<>();

    @Option(names = "--strip-header", paramLabel = "NAME", description = "Remove this header from requests (repeatable).")
    List<String> strippedHeaders = new ArrayList<>();

    @Option(names = "--refusal-status", defaultValue = "403", paramLabel = "CODE",
            description = "Status of the response to a refused request (default: ${DEFAULT-VALUE}).")
    int refusalStatus;

    @Option(names = "--head-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "A request head not complete by then gets 408 (default: ${DEFAULT-VALUE}).")
    int headTimeout;

    @Option(names = "--state", defaultValue = "unveil-proxy.state", paramLabel = "FILE",
            description = "The memory-mapped state file (default: ${DEFAULT-VALUE}).")
    Path state;

    @Option(names = "--max-connections", defaultValue = "256", description = "At most this many at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    // 1 MiB: against 256 KiB, iperf3 through the proxy went from 0.53-0.68 of the direct path to 0.73-0.79
    // (bench/proxy, interleaved runs); the state file holds at most --max-connections x 3 rings of it
    @Option(names = "--buffer", defaultValue = "1048576", paramLabel = "BYTES",
            description = "Ring bytes per direction of each connection (default: ${DEFAULT-VALUE}).")
    long buffer;

    @Option(names = "--standby", paramLabel = "SOCKET", description = "Pass every socket to the standby listening here"
            + " (with --take-over: once this standby has taken over, so a second failure is survived too).")
    Path standby;

    @Option(names = "--take-over", paramLabel = "SOCKET",
            description = "Be the standby: listen here, hold the active proxy's sockets, take over when it dies.")
    Path takeOver;

    @Option(names = "--replicate-to", paramLabel = "ADDR:PORT",
            description = "Replicate every connection to the backup node listening here (node fail-over); with"
                    + " --restore-from, once this backup has taken over (not yet reliable, see proxy/README.md).")
    String replicateTo;

    @Option(names = "--restore-from", paramLabel = "ADDR:PORT",
            description = "Be the backup node: listen here for the active node's replication, take over when it falls silent.")
    String restoreFrom;

    @Option(names = "--copies-on", paramLabel = "IFACE",
            description = "With --restore-from: read the active node's copies of the segments it receives on this interface.")
    String copiesOn;

    @Option(names = "--takeover-command", paramLabel = "CMD",
            description = "With --restore-from: a shell command that takes the shared addresses, run under the network lock.")
    String takeoverCommand;

    ProxyCommand(PrintStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        ProxyConfig config;
        Endpoint replicateEndpoint;
        Endpoint restoreEndpoint;
        try {
            if (standby != null && takeOver != null && standby.toAbsolutePath().equals(takeOver.toAbsolutePath())) {
                throw new IllegalArgumentException("--standby with --take-over names the next standby: not this one's"
                        + " own socket " + takeOver);
            }
            if (restoreFrom != null && (standby != null || takeOver != null)) {
                throw new IllegalArgumentException("--restore-from makes a backup node: it takes no --standby or"
                        + " --take-over");
            }
            if (restoreFrom == null && (copiesOn != null || takeoverCommand != null)) {
                throw new IllegalArgumentException("--copies-on and --takeover-command are for the backup node"
                        + " (--restore-from)");
            }
            if (copiesOn != null && copiesOn.isBlank() || takeoverCommand != null && takeoverCommand.isBlank()) {
                throw new IllegalArgumentException("--copies-on and --takeover-command refuse empty values");
            }
            if (headTimeout < 1 || headTimeout > 3600) {
                throw new IllegalArgumentException("--head-timeout " + headTimeout + " is not between 1 and 3600");
            }
            for (String item : concat(refusedMethods, refusedUris, strippedHeaders)) {
                if (item.isBlank()) {
                    throw new IllegalArgumentException("--refuse-method, --refuse-uri and --strip-header refuse empty values");
                }
            }
            HttpRules rules = new HttpRules(new HashSet<>(refusedMethods), refusedUris, new HashSet<>(strippedHeaders),
                    refusalStatus, Duration.ofSeconds(headTimeout));
            replicateEndpoint = replicateTo == null ? null : endpoint("--replicate-to", replicateTo);
            restoreEndpoint = restoreFrom == null ? null : endpoint("--restore-from", restoreFrom);
            config = new ProxyConfig(Endpoint.parse(listen), !plain, upstream == null ? null : Endpoint.parse(upstream),
                    http ? Mode.HTTP : Mode.TCP, rules, state, maxConnections, buffer);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.set(true);
            try {
                main.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            if (restoreEndpoint != null) {
                Proxy.runBackup(config, restoreEndpoint, copiesOn, takeoverCommand, replicateEndpoint,
                        line -> stderr.println("unveil proxy: " + line),
                        () -> stderr.println("unveil proxy: backup node waiting at " + restoreFrom), stop::get);
            } else if (takeOver != null) {
                Proxy.runStandby(config, takeOver, standby, line -> stderr.println("unveil proxy: " + line),
                        () -> stderr.println("unveil proxy: standby waiting at " + takeOver), stop::get);
            } else {
                Proxy.runActive(config, standby, replicateEndpoint, line -> stderr.println("unveil proxy: " + line),
                        () -> stderr.println("unveil proxy: listening on " + listen), stop::get);
            }
        } catch (IOException e) {
            stderr.println("unveil proxy: " + e.getMessage());
            return ExitCode.NO_INPUT;
        }
        return ExitCode.OK;
    }

    private static Endpoint endpoint(String option, String value) {
        try {
            return Endpoint.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage());
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
