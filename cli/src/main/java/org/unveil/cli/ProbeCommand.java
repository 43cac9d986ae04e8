package org.unveil.cli;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.unveil.probe.Baseline;
import org.unveil.probe.BaselineResult;
import org.unveil.probe.Comparison;
import org.unveil.probe.HttpVersion;
import org.unveil.probe.Method;
import org.unveil.probe.Probe;
import org.unveil.probe.ProbeOptions;
import org.unveil.probe.SourceAffinity;
import org.unveil.probe.Stickiness;
import org.unveil.probe.Target;
import org.unveil.probe.TargetResult;
import org.unveil.probe.Targets;
import org.unveil.probe.estimate.Estimate;
import org.unveil.probe.estimate.Item;
import org.unveil.probe.estimate.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** `unveil probe`: counts the back-ends behind the HTTP services the user names, with an interval and shares. */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Send polite GET requests to each URL (at every address its host has, or those --resolve"
                + " gives) and count the back-ends behind it from what each response says: server-id headers"
                + " (X-Backend, X-Served-By, Via, X-Cache, Server-Timing, --id-header), an id in the body (--id-regex),"
                + " affinity cookies decoded (F5 BIG-IP, HAProxy SERVERID, JSESSIONID routes, Citrix NSC_) or recognised"
                + " by behaviour (few repeating values), ETag inode and mtime, and each back-end's Date clock offset.",
            "The count comes with a Chao1 interval; probing stops when another back-end with at least --min-weight"
                + " of the mean weight is unlikely at --confidence (MDA's rule when --min-weight is 1), or at"
                + " --max-requests. Only the URLs given are probed, with a User-Agent naming Unveil."},
        footer = {"", "Examples:",
            "  unveil probe http://www.example.com/",
            "  unveil probe https://shop.example.com/ --resolve shop.example.com:192.0.2.10 --json",
            "  unveil probe http://198.51.100.7/ --id-regex 'served by ([a-z0-9-]+)' --rate 2",
            "  unveil probe http://127.0.0.1:8080/ --source 127.0.0.2,127.0.0.3 --responses-csv responses.csv", "",
            "Exit codes: 0 every request answered; 1 some requests failed (each reason on stderr, the rest reported);"
                + " 2 usage error; 3 no target answered at all; 4 output could not be written; 70 internal error."})
final class ProbeCommand extends OutputCommand {
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    @Parameters(arity = "1..*", paramLabel = "URL", description = "http:// or https:// URLs to probe.")
    List<String> urls;

    @Option(names = "--keep-alive", description = "Reuse connections (default: a new connection per request).")
    boolean keepAlive;

    @Option(names = "--http", paramLabel = "auto|1.1|2", description = "HTTP to speak: 1.1, 2 (h2c by prior"
            + " knowledge over http://, h2 by ALPN over https://) or auto (1.1, and h2 where TLS offers it; default).")
    String http = "auto";

    @Option(names = "--resolve", paramLabel = "HOST:ADDR",
            description = "Connect to ADDR for HOST instead of asking DNS (repeatable; several ADDRs a HOST are"
                    + " probed one after another).")
    List<String> resolve = new ArrayList<>();

    @Option(names = "--rate", defaultValue = "5", paramLabel = "PER_SECOND",
            description = "Requests a second at most, 0.1 to 100 (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N",
            description = "Requests in flight at most, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-requests", defaultValue = "500", paramLabel = "N",
            description = "Requests per target at most, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int maxRequests;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds one request may take, 0.1 to 300 (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--confidence", defaultValue = "0.95", paramLabel = "P",
            description = "Of the intervals and the stopping rule, 0.5 to 0.999 (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--min-weight", defaultValue = "0.2", paramLabel = "W",
            description = "The lightest back-end, relative to the mean, the stopping rule must not miss, 0.01 to 1"
                    + " (default: ${DEFAULT-VALUE}; 1 is MDA's equal-weight assumption).")
    double minWeight;

    @Option(names = "--id-header", paramLabel = "NAME", description = "A response header naming the server (repeatable).")
    List<String> idHeaders = new ArrayList<>();

    @Option(names = "--id-regex", paramLabel = "RE2",
            description = "A pattern (RE2 syntax) whose first group in the body names the server.")
    String idRegex;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM file of the certificate authorities"
            + " https:// servers must chain to, instead of those the JDK trusts (a test or company CA).")
    String caCert;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--source", split = ",", paramLabel = "ADDR",
            description = "Local addresses to send from, each probed as a run of its own (default: the system's).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--responses-csv", paramLabel = "F",
            description = "Also write one CSV row per response (time, url, address, source, source_port, status,"
                    + " server, confidence, evidence); - for stdout.")
    String responsesCsv;

    @Option(names = "--tcp", description = "Also capture the SYN-ACKs of the probe's own connections (tcpdump, which"
            + " needs the right to capture) and say from their TCP timestamp clocks whether the balancer terminates TCP.")
    boolean tcp;

    @Option(names = "--tls-tickets", description = "Offer TLS 1.2 at most and resume no session, so that each"
            + " handshake's session ticket (RFC 5077) comes in clear: its key name, the key a back-end seals tickets"
            + " with, tells apart back-ends that share a certificate. TLS 1.3 sends tickets encrypted.")
    boolean tickets;

    @Option(names = "--html", paramLabel = "REPORT.html",
            description = "Also write a self-contained HTML report: per target the count, the curve of back-ends"
                    + " found against responses, and the shares; - for stdout.")
    String html;

    @Option(names = "--method", paramLabel = "unveil|halberd|lbd", description = "How to count: Unveil's estimate"
            + " (default), halberd's (header hashes and Date clocks within 3 s, ~15 s of requests) or lbd's (50"
            + " requests, load-balanced yes or no), the last two as baselines from the tools' descriptions.")
    String method = "unveil";

    ProbeCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() throws IOException, GeneralSecurityException {
        List<URI> targets = urls();
        Method how = method();
        ProbeOptions options = new ProbeOptions(keepAlive, resolved(targets), bounded("--rate", rate, 0.1, 100),
                (int) bounded("--concurrency", concurrency, 1, 64), (int) bounded("--max-requests", maxRequests, 1, 10_000),
                Duration.ofMillis((long) (1000 * bounded("--timeout", timeout, 0.1, 300))),
                bounded("--confidence", confidence, 0.5, 0.999), bounded("--min-weight", minWeight, 0.01, 1),
                idHeaders(), pattern(), httpVersion(), tcp, authorities(), tickets);
        List<InetAddress> from = sources();
        OutputFiles io = new OutputFiles(spec.commandLine());
        OutputFiles.Output rows = io.output("--responses-csv", responsesCsv);
        OutputFiles.Output page = io.output("--html", html);
        OutputFiles.Output report = io.report(output);
        List<Target> all;
        try {
            all = Targets.of(targets, options.resolve(), from);
        } catch (UnknownHostException e) {
            String host = e.getMessage() == null ? "a URL's host" : e.getMessage().split(": ")[0];
            stderr.println("unveil: " + host + ": no such host (or DNS does not answer)");
            return ExitCode.NO_INPUT;
        }
        if (how != Method.UNVEIL) {
            return baseline(new Baseline(options), how, all, report);
        }
        Probe probe = new Probe(options);
        List<TargetResult> results = new ArrayList<>();
        for (Target t : all) {
            try {
                results.add(probe.run(t));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        results = SourceAffinity.judge(results);
        try (OutputFiles.Sink out = report.open(stdout)) {
            List<Comparison.Pair> pairs = Comparison.of(results, confidence);
            if (json) {
                Map<String, Object> top = new LinkedHashMap<>();
                top.put("targets", results.stream().map(ProbeCommand::json).toList());
                // null with fewer than two counted targets: nothing to compare
                top.put("comparison", pairs.isEmpty() ? null : Map.of("pairs", pairs.stream().map(ProbeCommand::json)
                        .toList()));
                JsonOutput.write(out, top);
            } else {
                StringBuilder text = new StringBuilder(text(results));
                for (Comparison.Pair p : pairs) {
                    text.append("comparison: ").append(p.why()).append(String.format("%n"));
                }
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        }
        if (rows != null) {
            try (OutputFiles.Sink out = rows.open(stdout)) {
                out.write(ResponsesCsv.of(results).getBytes(StandardCharsets.UTF_8));
                out.commit();
            }
        }
        if (page != null) {
            try (OutputFiles.Sink out = page.open(stdout)) {
                out.write(ProbeReport.html(results, confidence).getBytes(StandardCharsets.UTF_8));
                out.commit();
            }
        }
        return exitCode(results);
    }

    private Method method() {
        for (Method m : Method.values()) {
            if (m.label().equals(method)) {
                if (m != Method.UNVEIL && (responsesCsv != null || html != null || tcp)) {
                    throw usage("--method " + method + " writes no --responses-csv or --html and captures no --tcp");
                }
                return m;
            }
        }
        throw usage("--method: '" + method + "' is not unveil, halberd or lbd");
    }

    /** A baseline's run over every target: its count or verdict per target, failures as the estimate's are. */
    private int baseline(Baseline baseline, Method how, List<Target> all, OutputFiles.Output report)
            throws IOException, GeneralSecurityException {
        List<BaselineResult> results = new ArrayList<>();
        for (Target t : all) {
            try {
                results.add(baseline.run(t, how));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try (OutputFiles.Sink out = report.open(stdout)) {
            if (json) {
                List<Map<String, Object>> targets = new ArrayList<>();
                for (BaselineResult r : results) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("url", r.target().url().toString());
                    m.put("address", r.target().address().getHostAddress());
                    m.put("source", r.target().source() == null ? null : r.target().source().getHostAddress());
                    m.put("method", how.label());
                    m.put("probes", r.probes());
                    m.put("responses", r.responses());
                    m.put("backends", r.backends());
                    m.put("balanced", r.balanced());
                    m.put("why", r.why());
                    targets.add(m);
                }
                JsonOutput.write(out, Map.of("targets", targets));
            } else {
                StringBuilder text = new StringBuilder();
                for (BaselineResult r : results) {
                    text.append(name(r.target())).append(": ").append(how.label()).append("'s method: ")
                            .append(r.responses() == 0 ? "no response"
                                    : r.backends() != null ? r.backends() + " back-ends"
                                    : r.balanced() ? "load-balanced" : "not load-balanced")
                            .append(String.format(" (%s; %d probes, %d responses)%n", r.why(), r.probes(),
                                    r.responses()));
                }
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        }
        boolean anyAnswered = false;
        boolean anyFailed = false;
        for (BaselineResult r : results) {
            anyAnswered |= r.responses() > 0;
            for (var f : r.failures().entrySet()) {
                anyFailed = true;
                stderr.println("unveil: " + name(r.target()) + ": " + f.getValue() + " of " + r.probes()
                        + " requests failed: " + f.getKey());
            }
        }
        return !anyAnswered ? ExitCode.NO_INPUT : anyFailed ? ExitCode.DAMAGED_INPUT : ExitCode.OK;
    }

    /** Reports each target's failures, one line per reason, and says how the run went. */
    private int exitCode(List<TargetResult> results) {
        boolean anyAnswered = false;
        boolean anyFailed = false;
        for (TargetResult r : results) {
            anyAnswered |= r.estimate().responses() > 0;
            for (var f : r.failures().entrySet()) {
                anyFailed = true;
                stderr.println("unveil: " + name(r.target()) + ": " + f.getValue() + " of " + r.probes()
                        + " requests failed: " + f.getKey());
            }
        }
        return !anyAnswered ? ExitCode.NO_INPUT : anyFailed ? ExitCode.DAMAGED_INPUT : ExitCode.OK;
    }

    private static String name(Target t) {
        return t.url() + " at " + t.address().getHostAddress()
                + (t.source() == null ? "" : " from " + t.source().getHostAddress());
    }

    /** The --source addresses: whole literals, each one this host can send from. */
    private List<InetAddress> sources() {
        List<InetAddress> out = new ArrayList<>();
        for (String text : sources) {
            InetAddress a = literal("--source", text, text.strip());
            if (out.contains(a)) {
                throw usage("--source: '" + text + "' is given twice");
            }
            try (java.net.Socket s = new java.net.Socket()) {
                s.bind(new java.net.InetSocketAddress(a, 0));
            } catch (IOException e) {
                throw usage("--source: '" + text + "' is not an address of this host (cannot send from it)");
            }
            out.add(a);
        }
        return out;
    }

    private List<URI> urls() {
        List<URI> out = new ArrayList<>();
        Set<URI> seen = new LinkedHashSet<>();
        for (String u : urls) {
            URI uri;
            try {
                uri = new URI(u);
            } catch (URISyntaxException e) {
                throw usage("URL '" + u + "' is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw usage("URL '" + u + "' is not http:// or https://");
            }
            if (uri.getHost() == null) {
                throw usage("URL '" + u + "' names no host");
            }
            if (!seen.add(uri)) {
                throw usage("URL '" + u + "' is given twice");
            }
            out.add(uri);
        }
        return out;
    }

    private Map<String, List<InetAddress>> resolved(List<URI> targets) {
        Set<String> hosts = new LinkedHashSet<>();
        targets.forEach(u -> hosts.add(u.getHost().toLowerCase(Locale.ROOT)));
        Map<String, List<InetAddress>> out = new LinkedHashMap<>();
        for (String r : resolve) {
            int colon = r.indexOf(':');
            if (colon <= 0 || colon == r.length() - 1) {
                throw usage("--resolve: '" + r + "' is not HOST:ADDR");
            }
            String host = r.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!hosts.contains(host)) {
                // only what the user named is probed: an address for another host would be a target no URL names
                throw usage("--resolve: '" + r + "' is for " + host + ", which no URL names");
            }
            List<InetAddress> list = out.computeIfAbsent(host, h -> new ArrayList<>());
            InetAddress a = literal("--resolve", r, r.substring(colon + 1));
            if (list.contains(a)) {
                throw usage("--resolve: '" + r + "' is given twice");
            }
            list.add(a);
        }
        return out;
    }

    private InetAddress literal(String option, String given, String text) {
        String a = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (IPV4.matcher(a).matches() || a.contains(":")) {
            try {
                return InetAddress.ofLiteral(a);
            } catch (IllegalArgumentException e) {
                // falls through to the one message below
            }
        }
        throw usage(option + ": '" + given + "'" + (given.equals(text) ? "" : ": '" + text + "'")
                + " is not a whole IPv4 or IPv6 address");
    }

    private double bounded(String name, double value, double low, double high) {
        if (!(value >= low && value <= high)) {
            throw usage(name + ": " + (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value))
                    + " is not between " + plain(low) + " and " + plain(high));
        }
        return value;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The --ca-cert file's certificates: a readable PEM (or DER) file of at least one X.509 certificate. */
    private List<X509Certificate> authorities() {
        if (caCert == null) {
            return List.of();
        }
        Path file;
        try {
            file = Path.of(caCert);
        } catch (java.nio.file.InvalidPathException e) {
            throw usage("--ca-cert: '" + caCert + "' is not a file name");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw usage("--ca-cert: '" + caCert + "' is not a readable file");
        }
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (IOException | CertificateException e) {
            throw usage("--ca-cert: '" + caCert + "' is not a PEM file of certificates");
        }
        if (out.isEmpty()) {
            throw usage("--ca-cert: '" + caCert + "' holds no certificate");
        }
        return out;
    }

    private HttpVersion httpVersion() {
        for (HttpVersion v : HttpVersion.values()) {
            if (v.label().equals(http)) {
                return v;
            }
        }
        throw usage("--http: '" + http + "' is not auto, 1.1 or 2");
    }

    private List<String> idHeaders() {
        for (String h : idHeaders) {
            if (!h.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw usage("--id-header: '" + h + "' is not a header name");
            }
        }
        return idHeaders;
    }

    private Pattern pattern() {
        if (idRegex == null) {
            return null;
        }
        try {
            return Pattern.compile(idRegex);
        } catch (PatternSyntaxException e) {
            throw usage("--id-regex: '" + idRegex + "' is not an RE2 pattern: " + e.getDescription());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** One target in the JSON contract's names (README: targets[].url, address, backends, …). */
    private static Map<String, Object> json(TargetResult r) {
        Estimate e = r.estimate();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", r.target().url().toString());
        m.put("address", r.target().address().getHostAddress());
        m.put("source", r.target().source() == null ? null : r.target().source().getHostAddress()); // null: the system's
        boolean counted = e.key() != null;
        m.put("backends", counted ? e.count().count() : null);
        m.put("backendsLow", counted ? e.count().lowCount() : null);
        m.put("backendsHigh", counted ? e.count().highCount() : null);
        m.put("probes", r.probes());
        m.put("responses", e.responses());
        m.put("identified", e.identified());
        m.put("failed", r.failed());
        m.put("budget", r.budget());
        m.put("stoppedBecause", r.stoppedBecause().label());
        m.put("namedBy", e.key());
        m.put("terminatesTcp", r.tcp() == null ? null : r.tcp().terminatesTcp()); // null without --tcp
        m.put("policy", Map.of("guess", e.policy().guess(), "why", e.policy().why()));
        m.put("servers", e.servers().stream().map(ProbeCommand::json).toList());
        m.put("ignored", e.ignored());
        m.put("stickiness", json(r.stickiness()));
        m.put("tcp", r.tcp() == null ? null : Map.of("stacks", r.tcp().stacks(), "connections",
                r.tcp().connections(), "why", r.tcp().why()));
        // added after the names: the count came from SYN-ACKs / TCP clocks alone (nothing in HTTP differed)
        m.put("countedFromTcpOnly", e.tcpOnly());
        return m;
    }

    private static Map<String, Object> json(Comparison.Pair p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("first", p.first());
        m.put("second", p.second());
        m.put("more", p.more());
        m.put("difference", p.difference());
        m.put("significant", p.significant());
        m.put("why", p.why());
        return m;
    }

    private static Map<String, Object> json(Stickiness s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cookie", s.cookie());
        m.put("cookieWhy", s.cookieWhy());
        m.put("probes", s.probes());
        m.put("server", s.server());
        m.put("source", s.source());
        m.put("sourceWhy", s.sourceWhy());
        return m;
    }

    private static Map<String, Object> json(Server s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("share", s.share().share());
        m.put("shareLow", s.share().low());
        m.put("shareHigh", s.share().high());
        m.put("requests", s.requests());
        m.put("why", s.why());
        m.put("evidence", s.evidence().stream().map(ProbeCommand::json).toList());
        return m;
    }

    private static Map<String, Object> json(Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", i.kind());
        m.put("key", i.key());
        m.put("value", i.value());
        m.put("reason", i.reason());
        m.put("responses", i.responses());
        return m;
    }

    private static String verdict(Boolean b) {
        return b == null ? "cannot tell" : b ? "yes" : "no";
    }

    private String text(List<TargetResult> results) {
        StringBuilder out = new StringBuilder();
        for (TargetResult r : results) {
            Estimate e = r.estimate();
            out.append(name(r.target())).append(": ");
            if (e.responses() == 0) {
                out.append(String.format("no response (%d probes, stopped: %s)%n", r.probes(),
                        r.stoppedBecause().label()));
            } else if (e.key() == null) {
                out.append(String.format("at least 1 back-end; no evidence tells back-ends apart (%d probes, %d"
                        + " responses, stopped: %s)%n", r.probes(), e.responses(), r.stoppedBecause().label()));
            } else {
                out.append(String.format("%d back-ends (%.0f%% interval %d-%d), named by %s; %d probes, %d responses,"
                                + " stopped: %s%n", e.count().count(), 100 * confidence, e.count().lowCount(),
                        e.count().highCount(), e.key(), r.probes(), e.responses(), r.stoppedBecause().label()));
                if (e.tcpOnly()) {
                    out.append(String.format("  counted from TCP evidence only: nothing in the HTTP responses tells"
                            + " the back-ends apart; their connections' SYN-ACKs do (the balancer passes their TCP"
                            + " through)%n"));
                }
                out.append(String.format("  policy: %s (%s)%n", e.policy().guess(), e.policy().why()));
                out.append(String.format("  %-24s %8s %7s  %-17s %s%n", "server", "requests", "share", "interval",
                        "evidence"));
                for (Server s : e.servers()) {
                    out.append(String.format("  %-24s %8d %6.1f%%  %5.1f%% - %5.1f%%  %s%n", s.id(), s.requests(),
                            100 * s.share().share(), 100 * s.share().low(), 100 * s.share().high(),
                            String.join("; ", s.evidence().stream().map(i -> i.key() + " " + i.value()).toList())));
                    out.append("      ").append(s.why()).append(String.format("%n"));
                }
            }
            Stickiness st = r.stickiness();
            out.append(String.format("  cookie stickiness: %s (%s)%n  source stickiness: %s (%s)%n",
                    verdict(st.cookie()), st.cookieWhy(), verdict(st.source()), st.sourceWhy()));
            if (r.tcp() != null) {
                out.append(String.format("  terminates TCP: %s (%s)%n", verdict(r.tcp().terminatesTcp()),
                        r.tcp().why()));
            }
            for (String i : e.ignored()) {
                out.append("  ignored ").append(i).append(String.format("%n"));
            }
        }
        return out.toString();
    }
}
