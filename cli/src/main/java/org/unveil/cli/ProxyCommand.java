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
                + " every TCP-mode connection on with no byte lost or repeated. Runs until SIGTERM or Ctrl-C; one log line"
                + " on stderr for each connection that goes wrong."},
        footer = {"", "Examples:",
            "  unveil proxy --take-over /run/unveil-proxy.sock --state /run/unveil-proxy.state &",
            "  unveil proxy --standby /run/unveil-proxy.sock --state /run/unveil-proxy.state",
            "  unveil proxy --http --refuse-method DELETE --refuse-uri /admin --strip-header Cookie", "",
            "Exit codes: 0 stopped by a signal; 2 usage error; 3 cannot listen or reach the standby; 70 internal error."})
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

    @Option(names = "--buffer", defaultValue = "262144", paramLabel = "BYTES",
            description = "Ring bytes per direction of each connection (default: ${DEFAULT-VALUE}).")
    long buffer;

    @Option(names = "--standby", paramLabel = "SOCKET", description = "Pass every socket to the standby listening here.")
    Path standby;

    @Option(names = "--take-over", paramLabel = "SOCKET",
            description = "Be the standby: listen here, hold the active proxy's sockets, take over when it dies.")
    Path takeOver;

    ProxyCommand(PrintStream stderr) {
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        ProxyConfig config;
        try {
            if (standby != null && takeOver != null) {
                throw new IllegalArgumentException("--standby and --take-over name the two ends: give one");
            }
            if ((standby != null || takeOver != null) && http) {
                throw new IllegalArgumentException("--http connections are not resumed yet: fail-over is for TCP mode");
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
            if (takeOver != null) {
                Proxy.runStandby(config, takeOver, line -> stderr.println("unveil proxy: " + line),
                        () -> stderr.println("unveil proxy: standby waiting at " + takeOver), stop::get);
            } else {
                Proxy.runActive(config, standby, line -> stderr.println("unveil proxy: " + line),
                        () -> stderr.println("unveil proxy: listening on " + listen), stop::get);
            }
        } catch (IOException e) {
            stderr.println("unveil proxy: " + e.getMessage());
            return ExitCode.NO_INPUT;
        }
        return ExitCode.OK;
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }
}
