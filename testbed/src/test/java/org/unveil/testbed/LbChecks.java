package org.unveil.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.unveil.labels.LabelCsv;
import org.unveil.labels.LbLabel;
import org.unveil.testbed.HttpConversations.Conversation;
import org.unveil.testbed.HttpConversations.Response;

/**
 * What every load-balancer run must satisfy, judged from its two captures against its labels. The addresses are
 * the scenario's documented plan (testbed/README.md), not read from the script.
 */
final class LbChecks {
    static final String VIP = "203.0.113.10";
    static final String PROXY_BACK = "192.0.2.1";

    final List<LbLabel> labels;
    final HttpConversations front;
    final HttpConversations back;
    private final int backends;

    private LbChecks(List<LbLabel> labels, HttpConversations front, HttpConversations back, int backends) {
        this.labels = labels;
        this.front = front;
        this.back = back;
        this.backends = backends;
    }

    static LbChecks load(Path out, int backends) throws IOException {
        return new LbChecks(LabelCsv.readLb(out.resolve("labels.csv")),
                HttpConversations.read(out.resolve("front.pcap")), HttpConversations.read(out.resolve("back.pcap")),
                backends);
    }

    static String backendAddress(int index) {
        return "192.0.2." + (10 + index);
    }

    /** Back-end bK (the id its pages and X-Backend carry) has address 192.0.2.(10+K). */
    static String backendAddress(String id) {
        assertThat(id).as("back-end id").matches("b[0-9]+");
        return backendAddress(Integer.parseInt(id.substring(1)));
    }

    static String frontKey(LbLabel l) {
        return HttpConversations.key(a(l.client()), l.clientPort(), a(l.vip()), l.vipPort());
    }

    static String backKey(LbLabel l) {
        return HttpConversations.key(a(l.proxy()), l.proxyPort(), a(l.backend()), l.backendPort());
    }

    private static String a(InetAddress address) {
        return address.getHostAddress();
    }

    private static Map<String, List<LbLabel>> labelsBy(List<LbLabel> labels, java.util.function.Function<LbLabel,
            String> key) {
        return labels.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
    }

    void everyRequestLabelledOnce(int plannedRequests) {
        assertThat(front.allRequests()).as("client requests in front.pcap").hasSize(plannedRequests);
        assertThat(labels).as("label rows, one per client request").hasSize(plannedRequests);
        Map<String, List<LbLabel>> byFront = labelsBy(labels, LbChecks::frontKey);
        for (Conversation c : front.byKey.values()) {
            assertThat(byFront.getOrDefault(c.key, List.of())).as("label rows of %s", c.key)
                    .hasSize(c.requests.size());
        }
    }

    void tuplesAndFirstTimesMatchCaptures() {
        for (LbLabel l : labels) {
            Conversation f = front.byKey.get(frontKey(l));
            Conversation b = back.byKey.get(backKey(l));
            assertThat(f).as("front connection %s in front.pcap", frontKey(l)).isNotNull();
            assertThat(b).as("back connection %s in back.pcap", backKey(l)).isNotNull();
            assertThat(l.frontFirstMicros()).as("front_first_time of %s", f.key).isEqualTo(f.firstMicros);
            assertThat(l.backFirstMicros()).as("back_first_time of %s", b.key).isEqualTo(b.firstMicros);
        }
        Map<String, List<LbLabel>> byBack = labelsBy(labels, LbChecks::backKey);
        for (Conversation c : back.byKey.values()) {
            assertThat(byBack.getOrDefault(c.key, List.of())).as("label rows carried by %s", c.key)
                    .hasSize(c.requests.size());
        }
    }

    void backendsAreConfiguredAndAgreeWithResponses() {
        List<String> configured = IntStream.rangeClosed(1, backends).mapToObj(LbChecks::backendAddress).toList();
        for (LbLabel l : labels) {
            assertThat(a(l.vip()) + ":" + l.vipPort()).isEqualTo(VIP + ":80");
            assertThat(a(l.proxy())).isEqualTo(PROXY_BACK);
            assertThat(a(l.backend())).as("label back-end").isIn(configured);
            assertThat(l.backendPort()).isEqualTo(80);
        }
        Map<String, List<LbLabel>> byFront = labelsBy(labels, LbChecks::frontKey);
        for (Conversation c : front.byKey.values()) {
            List<LbLabel> rows = byFront.getOrDefault(c.key, List.of());
            assertThat(c.responses).as("responses on %s", c.key).hasSameSizeAs(rows);
            // curl never pipelines: the i-th response on a connection answers its i-th request
            for (int i = 0; i < rows.size(); i++) {
                assertThat(backendAddress(c.responses.get(i).backendId()))
                        .as("back-end that answered request %d on %s", i + 1, c.key)
                        .isEqualTo(a(rows.get(i).backend()));
            }
        }
    }

    void forwardedFor(boolean expected) {
        Map<String, List<LbLabel>> byBack = labelsBy(labels, LbChecks::backKey);
        for (Conversation c : back.byKey.values()) {
            List<String> sent = c.requests.stream().map(HttpConversations.Request::forwardedFor).toList();
            if (expected) {
                sent = sent.stream().sorted(Comparator.nullsFirst(Comparator.naturalOrder())).toList();
                List<String> clients = byBack.getOrDefault(c.key, List.of()).stream().map(l -> a(l.client()))
                        .sorted().toList();
                assertThat(sent).as("X-Forwarded-For on %s", c.key).isEqualTo(clients);
            } else {
                assertThat(sent).as("X-Forwarded-For on %s", c.key).containsOnlyNulls();
            }
        }
    }

    /** Requests carried by each back-end connection, from back.pcap. */
    List<Integer> requestsPerBackConnection() {
        return back.byKey.values().stream().map(c -> c.requests.size()).toList();
    }

    /** Back-end ids each client address saw, in the order of the responses. */
    Map<String, List<String>> backendsSeenByClient() {
        Map<String, List<Response>> byClient = new TreeMap<>();
        for (Conversation c : front.byKey.values()) {
            byClient.computeIfAbsent(c.client, k -> new ArrayList<>()).addAll(c.responses);
        }
        Map<String, List<String>> seen = new TreeMap<>();
        byClient.forEach((client, responses) -> seen.put(client, responses.stream()
                .sorted(Comparator.comparingLong(Response::micros)).map(Response::backendId).toList()));
        return seen;
    }

    Map<String, Integer> responsesPerBackend() {
        Map<String, Integer> counts = new HashMap<>();
        front.allResponses().forEach(r -> counts.merge(r.backendId(), 1, Integer::sum));
        return counts;
    }

    /** tshark must read both captures packet for packet as the capture module did. */
    static void tsharkAgrees(Path capture, long packets) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tshark", "-n", "-r", capture.toString(), "-T", "fields", "-e",
                "frame.number").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long lines;
        try (var in = p.inputReader()) {
            lines = in.lines().filter(s -> !s.isBlank()).count();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tshark exit on %s", capture).isZero();
        assertThat(lines).as("tshark packets in %s", capture.getFileName()).isEqualTo(packets);
    }
}
