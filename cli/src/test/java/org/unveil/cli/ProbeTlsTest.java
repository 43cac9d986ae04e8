package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `unveil probe` over HTTPS: three nginx back-ends behind nftables DNAT in namespaces, each terminating TLS with a
 * certificate of a throwaway CA (openssl, made in the test's temporary folder), trusted with --ca-cert. On 443 the
 * back-ends offer h2 by ALPN, on 8443 only HTTP/1.1. Truth is each nginx's log: which back-end served each request,
 * over which HTTP and which TLS protocol.
 */
class ProbeTlsTest {
    private static final String HOST = "lab.test";

    @TempDir
    Path dir;

    @Test
    void overHttpsTheCountIsTheLogsAndH2IsNegotiatedWhereOffered() throws Exception {
        TestCa ca = TestCa.create(Files.createDirectories(dir.resolve("ca")), HOST);
        try (NamespaceBalancer lb = NamespaceBalancer.start(dir,
                NamespaceBalancer.Setup.of(3, NamespaceBalancer.Id.HEADER).tls(ca))) {
            String resolve = HOST + ":" + lb.vip();
            JsonNode h2 = probe(lb, "https://" + HOST + "/", "--resolve", resolve, "--ca-cert", ca.caPem().toString());
            Map<String, List<String>> lines = lb.loggedLines();
            // every probe reached a back-end over TLS 1.3 and HTTP/2, on 443
            assertThat(lines.values().stream().flatMap(List::stream))
                    .hasSize(h2.get("responses").asInt()).allMatch(l -> l.startsWith("443 HTTP/2.0 \"TLSv1.3\" 200"));
            assertThat(h2.get("backends").asInt()).as(h2.toString()).isEqualTo(3);
            servedAsLogged(h2, lb.logged());
            tlsEvidence(h2, ca, "ALPN h2");

            lb.clearLogs();
            JsonNode h1 = probe(lb, "https://" + HOST + ":8443/", "--resolve", resolve, "--ca-cert",
                    ca.caPem().toString());
            lines = lb.loggedLines();
            assertThat(lines.values().stream().flatMap(List::stream))
                    .hasSize(h1.get("responses").asInt()).allMatch(l -> l.startsWith("8443 HTTP/1.1 \"TLSv1.3\" 200"));
            assertThat(h1.get("backends").asInt()).isEqualTo(3);
            servedAsLogged(h1, lb.logged());
            // the server chose HTTP/1.1 from the probe's h2,http/1.1 offer
            tlsEvidence(h1, ca, "ALPN http/1.1");

            // --http 2 where the server offers no h2: a failure said so, and no request sent in the clear
            lb.clearLogs();
            var only2 = CommandLineTest.unveil("probe", "https://" + HOST + ":8443/", "--resolve", resolve,
                    "--ca-cert", ca.caPem().toString(), "--http", "2", "--rate", "100", "--max-requests", "5");
            assertThat(only2.code()).as(only2.err()).isEqualTo(ExitCode.NO_INPUT);
            assertThat(only2.err().strip().lines()).singleElement().asString()
                    .contains("the server does not offer HTTP/2 (ALPN h2)");

            // without the CA the JDK trusts nothing of it: every request fails at the handshake, one line
            var untrusted = CommandLineTest.unveil("probe", "https://" + HOST + "/", "--resolve", resolve, "--rate",
                    "100", "--max-requests", "5");
            assertThat(untrusted.code()).as(untrusted.err()).isEqualTo(ExitCode.NO_INPUT);
            assertThat(untrusted.err().strip().lines()).singleElement().asString().contains("TLS failed")
                    .doesNotContain("Exception");
            // the certificate names lab.test, not the address: asked by address, the name check refuses it
            var wrongName = CommandLineTest.unveil("probe", "https://" + lb.vip() + "/", "--ca-cert",
                    ca.caPem().toString(), "--rate", "100", "--max-requests", "5");
            assertThat(wrongName.code()).as(wrongName.err()).isEqualTo(ExitCode.NO_INPUT);
            assertThat(wrongName.err()).contains("does not name " + lb.vip());
            assertThat(lb.logged().values()).as("no request got past a refused handshake")
                    .allSatisfy(c -> assertThat(c).isZero());
        }
    }

    /**
     * Back-ends alike in everything a response shows, one certificate among them, differ in the keys their TLS 1.2
     * session tickets are sealed with (each nginx draws its own): --tls-tickets counts them from that alone, and each
     * response's back-end, by its client port, is the one whose log has that port.
     */
    @Test
    void identicalBackEndsAreToldApartByTheirSessionTicketKeys() throws Exception {
        TestCa ca = TestCa.create(Files.createDirectories(dir.resolve("ca")), HOST);
        try (NamespaceBalancer lb = NamespaceBalancer.start(dir,
                NamespaceBalancer.Setup.of(3, NamespaceBalancer.Id.NONE).tls(ca))) {
            String resolve = HOST + ":" + lb.vip();
            Path csv = dir.resolve("responses.csv");
            JsonNode t = probe(lb, "https://" + HOST + "/", "--resolve", resolve, "--ca-cert", ca.caPem().toString(),
                    "--tls-tickets", "--responses-csv", csv.toString());
            Thread.sleep(300); // nginx logs a request after its response went out
            Map<Integer, String> truth = lb.servedByPort();
            assertThat(lb.loggedLines().values().stream().flatMap(List::stream))
                    .hasSize(t.get("responses").asInt()).allMatch(l -> l.startsWith("443 HTTP/2.0 \"TLSv1.2\" 200"));
            assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(3);
            assertThat(t.get("namedBy").asText()).contains("tls-ticket");
            Map<String, Set<String>> servedBy = servedByServer(csv, truth);
            assertThat(servedBy).as("each ticket key is one back-end").hasSize(3)
                    .allSatisfy((key, backEnds) -> assertThat(backEnds).as(key).hasSize(1));
            assertThat(servedBy.values().stream().map(b -> b.iterator().next()).distinct().count()).isEqualTo(3);
            Map<String, Integer> logged = lb.logged();
            for (JsonNode s : t.get("servers")) {
                String backEnd = servedBy.get(s.get("id").asText()).iterator().next();
                assertThat(s.get("requests").asInt()).as(s.get("id").asText()).isEqualTo(logged.get(backEnd));
                assertThat(s.get("evidence").toString()).contains("TLS session ticket sealed with key name");
            }
            // without the tickets nothing in what they send tells the three apart
            JsonNode blind = probe(lb, "https://" + HOST + "/", "--resolve", resolve, "--ca-cert",
                    ca.caPem().toString());
            assertThat(blind.get("backends").asInt()).as(blind.toString()).isEqualTo(1);
        }
    }

    /**
     * Back-ends alike in page and headers, each with a certificate of its own (one name, one CA, keys of their own):
     * the tls key alone counts them, each certificate's responses served by one back-end by the logs' client ports.
     */
    @Test
    void backEndsWithCertificatesOfTheirOwnAreCountedFromThem() throws Exception {
        TestCa ca = TestCa.create(Files.createDirectories(dir.resolve("ca")), HOST, 3);
        try (NamespaceBalancer lb = NamespaceBalancer.start(dir,
                NamespaceBalancer.Setup.of(3, NamespaceBalancer.Id.NONE).tlsOwnCertificates(ca))) {
            Path csv = dir.resolve("responses.csv");
            JsonNode t = probe(lb, "https://" + HOST + "/", "--resolve", HOST + ":" + lb.vip(), "--ca-cert",
                    ca.caPem().toString(), "--responses-csv", csv.toString());
            Thread.sleep(300); // nginx logs a request after its response went out
            assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(3);
            assertThat(t.get("namedBy").asText()).contains("tls");
            Map<String, Set<String>> servedBy = servedByServer(csv, lb.servedByPort());
            assertThat(servedBy).as("each certificate is one back-end").hasSize(3)
                    .allSatisfy((cert, backEnds) -> assertThat(backEnds).as(cert).hasSize(1));
            Map<String, Integer> logged = lb.logged();
            Set<String> certificates = new HashSet<>();
            for (JsonNode s : t.get("servers")) {
                String backEnd = servedBy.get(s.get("id").asText()).iterator().next();
                assertThat(s.get("requests").asInt()).as(s.get("id").asText()).isEqualTo(logged.get(backEnd));
                String reason = s.get("evidence").toString();
                ca.servers().stream().filter(c -> reason.contains("certificate SHA-256 " + c.sha256()))
                        .forEach(c -> certificates.add(c.sha256()));
            }
            assertThat(certificates).as("each server names one of the three certificates")
                    .containsExactlyInAnyOrderElementsOf(ca.servers().stream().map(TestCa.ServerCertificate::sha256)
                            .toList());
        }
    }

    /** Each server the responses CSV names, and the back-ends (by the logs' client ports) that served its rows. */
    private static Map<String, Set<String>> servedByServer(Path csv, Map<Integer, String> truth)
            throws Exception {
        Map<String, Set<String>> servedBy = new TreeMap<>();
        List<String> rows = Files.readAllLines(csv);
        for (String line : rows.subList(1, rows.size())) {
            String[] f = ProbeConfidenceTest.csv(line);
            String served = truth.get(Integer.valueOf(f[4]));
            assertThat(served).as("the logs name the back-end of port %s", f[4]).isNotNull();
            servedBy.computeIfAbsent(f[6], k -> new TreeSet<>()).add(served);
        }
        return servedBy;
    }

    private static JsonNode probe(NamespaceBalancer lb, String url, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("probe", url, "--rate", "100", "--json"));
        args.addAll(List.of(more));
        var r = CommandLineTest.unveil(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out()).get("targets").get(0);
    }

    private static void servedAsLogged(JsonNode t, Map<String, Integer> logged) {
        assertThat(logged.values()).as("DNAT used every back-end").allSatisfy(c -> assertThat(c).isPositive());
        for (JsonNode s : t.get("servers")) {
            assertThat(s.get("requests").asInt()).as(s.get("id").asText())
                    .isEqualTo(logged.get(s.get("id").asText()));
        }
    }

    /** Each back-end's tls item: the certificate's own SHA-256 (computed from the file), TLS 1.3, the ALPN choice. */
    private static void tlsEvidence(JsonNode t, TestCa ca, String alpn) {
        for (JsonNode s : t.get("servers")) {
            JsonNode tls = null;
            for (JsonNode e : s.get("evidence")) {
                if (e.get("kind").asText().equals("tls")) {
                    tls = e;
                }
            }
            assertThat(tls).as(s.toString()).isNotNull();
            assertThat(tls.get("reason").asText()).contains("certificate SHA-256 " + ca.serverSha256())
                    .contains("TLSv1.3").contains(alpn).contains("CN=" + HOST);
            assertThat(tls.get("responses").asInt()).isEqualTo(s.get("requests").asInt());
        }
    }
}
