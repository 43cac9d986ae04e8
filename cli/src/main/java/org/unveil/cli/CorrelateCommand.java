package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.unveil.capture.Timestamps;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.trace.correlate.BackendLoad;
import org.unveil.trace.correlate.ConnectionPair;
import org.unveil.trace.correlate.Correlation;
import org.unveil.trace.correlate.Correlator;
import org.unveil.trace.correlate.Evidence;
import org.unveil.trace.correlate.ExchangeExtractor;
import org.unveil.trace.correlate.RequestPair;
import org.unveil.trace.correlate.TcpConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** `unveil correlate`: pairs client-side requests with the back-end requests a load balancer made for them. */
@Command(name = "correlate", mixinStandardHelpOptions = true,
        description = {"Pair every client-side request (front capture) with the back-end request the load balancer"
                + " made for it (back capture), and so client connections with back-end connections: by"
                + " X-Forwarded-For/Forwarded where present, else by request line and header fingerprint, else by"
                + " timing and sizes; one to one, per request, so back-end keep-alive and connection reuse are fine.",
            "Reports each pair with its evidence and confidence, per back-end its clients, requests, bytes and share,"
                + " and the balancing policy the choices look like. Per-request ids a balancer adds (X-Request-ID)"
                + " are never used."},
        footer = {"", "Examples:",
            "  unveil correlate --front front.pcap --back back.pcap",
            "  unveil correlate --front front.pcap --back back.pcap --evidence timing --json", "", ExitCode.HELP})
final class CorrelateCommand extends OutputCommand {

    @Option(names = "--front", required = true, paramLabel = "FRONT.pcap",
            description = "Capture of the client side (clients ↔ balancer address).")
    String front;

    @Option(names = "--back", required = true, paramLabel = "BACK.pcap",
            description = "Capture of the server side (balancer ↔ back-ends), same clock.")
    String back;

    @Option(names = "--evidence", paramLabel = "xff|fingerprint|timing|auto", defaultValue = "auto",
            description = "Use only this evidence (default auto: the strongest each pair offers).")
    String evidence;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    CorrelateCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    private Evidence forced() {
        String e = evidence.toLowerCase(Locale.ROOT);
        if (e.equals("auto")) {
            return null;
        }
        for (Evidence value : Evidence.values()) {
            if (value.label().equals(e)) {
                return value;
            }
        }
        throw new ParameterException(spec.commandLine(),
                "--evidence: '" + evidence + "' is not one of xff, fingerprint, timing, auto");
    }

    @Override
    public Integer call() throws IOException {
        Evidence forced = forced();
        if (front.equals("-") && back.equals("-")) {
            throw new ParameterException(spec.commandLine(), "--front and --back cannot both be stdin");
        }
        // one capture may hold both sides (taken on the balancer itself): --front and --back may name one file
        OutputFiles.Output report = new OutputFiles(spec.commandLine()).input("--front", front).input("--back", back)
                .report(output);
        CaptureRun run = new CaptureRun(stderr, output.quiet);
        ExchangeExtractor frontSide = new ExchangeExtractor();
        ExchangeExtractor backSide = new ExchangeExtractor();
        boolean bothRead = run.read(front, frontSide::add).opened();
        bothRead &= run.read(back, backSide::add).opened();
        if (!bothRead) {
            run.exitCode();
            return ExitCode.NO_INPUT; // one side alone pairs nothing
        }
        Correlation c = Correlator.correlate(frontSide, backSide, forced);
        try (OutputFiles.Sink out = report.open(stdout)) {
            if (json) {
                JsonOutput.write(out, json(c));
            } else {
                out.write(text(c).getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        }
        return run.exitCode();
    }

    private static Map<String, Object> json(Correlation c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frontRequests", c.frontRequests());
        m.put("backRequests", c.backRequests());
        m.put("pairs", c.pairs().stream().map(CorrelateCommand::json).toList());
        m.put("connections", c.connections().stream().map(CorrelateCommand::json).toList());
        m.put("backends", c.backends().stream().map(CorrelateCommand::json).toList());
        m.put("policy", Map.of("guess", c.policy().guess(), "why", c.policy().why()));
        return m;
    }

    private static Map<String, Object> json(RequestPair p) {
        Map<String, Object> front = new LinkedHashMap<>();
        TcpConnection f = p.front().connection();
        front.put("client", f.client());
        front.put("clientPort", f.clientPort());
        front.put("vip", f.server());
        front.put("vipPort", f.serverPort());
        front.put("time", Timestamps.epoch(p.front().requestNanos()));
        front.put("method", p.front().method());
        front.put("uri", p.front().uri());
        Map<String, Object> back = new LinkedHashMap<>();
        TcpConnection b = p.back().connection();
        back.put("proxy", b.client());
        back.put("proxyPort", b.clientPort());
        back.put("backend", b.server());
        back.put("backendPort", b.serverPort());
        back.put("time", Timestamps.epoch(p.back().requestNanos()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("front", front);
        m.put("back", back);
        m.put("evidence", p.evidence().label());
        m.put("confidence", p.confidence());
        return m;
    }

    private static Map<String, Object> json(ConnectionPair p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("front", p.front().key());
        m.put("back", p.back().key());
        m.put("requests", p.requests());
        m.put("evidence", p.evidence().label());
        m.put("confidence", p.confidence());
        return m;
    }

    private static Map<String, Object> json(BackendLoad l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", l.backend());
        m.put("port", l.port());
        m.put("clients", l.clients());
        m.put("requests", l.requests());
        m.put("bytes", l.bytes());
        m.put("share", l.share());
        return m;
    }

    private static String text(Correlation c) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d of %d front requests paired with %d back requests%n%n", c.pairs().size(),
                c.frontRequests(), c.backRequests()));
        for (RequestPair p : c.pairs()) {
            TcpConnection f = p.front().connection();
            TcpConnection b = p.back().connection();
            out.append(String.format("%s  %s -> %s  %s %s  =>  %s -> %s  +%.3f ms  %s %.2f%n",
                    Timestamps.epoch(p.front().requestNanos()), IpAddresses.withPort(f.client(), f.clientPort()),
                    IpAddresses.withPort(f.server(), f.serverPort()), p.front().method(), p.front().uri(),
                    IpAddresses.withPort(b.client(), b.clientPort()), IpAddresses.withPort(b.server(), b.serverPort()),
                    (p.back().requestNanos() - p.front().requestNanos()) / 1e6,
                    p.evidence().label(), p.confidence()));
        }
        out.append(String.format("%n%d connection pairs%n", c.connections().size()));
        for (ConnectionPair p : c.connections()) {
            out.append(String.format("%s  =>  %s  %d requests  %s %.2f%n", p.front().key(), p.back().key(),
                    p.requests(), p.evidence().label(), p.confidence()));
        }
        out.append(String.format("%nback-end            clients requests        bytes  share%n"));
        for (BackendLoad l : c.backends()) {
            out.append(String.format("%-20s %6d %8d %12d  %5.1f %%%n", IpAddresses.withPort(l.backend(), l.port()), l.clients(),
                    l.requests(), l.bytes(), 100 * l.share()));
        }
        out.append(String.format("%npolicy: %s (%s)%n", c.policy().guess(), c.policy().why()));
        return out.toString();
    }
}
