package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `confidence` column of --responses-csv against the truth of each response: three nginx back-ends behind
 * nftables DNAT in namespaces, which leaves the client's port as it was, so each nginx's log line (with
 * $remote_port) says which back-end answered the CSV row of that source_port.
 */
class ProbeConfidenceTest {
    @TempDir
    Path dir;

    /** One CSV row's back-end, confidence and whether the back-end is the one that answered it. */
    private record Row(String server, double confidence, boolean right) {
    }

    @Test
    void confidentResponsesAreRightAndIdHeaderOnesAreSurerThanOrderOnlyOnes() throws Exception {
        List<Row> header = rows(NamespaceBalancer.Id.HEADER);
        List<Row> order = rows(NamespaceBalancer.Id.ORDER);
        for (List<Row> rows : List.of(header, order)) {
            List<Row> sure = rows.stream().filter(r -> r.confidence() >= 0.9).toList();
            long right = sure.stream().filter(Row::right).count();
            assertThat(right).as("right among %d at >= 0.9", sure.size())
                    .isGreaterThanOrEqualTo((long) Math.ceil(0.9 * sure.size()));
            assertThat(rows).allSatisfy(r -> assertThat(r.confidence()).isBetween(0.0, 1.0));
        }
        double headerMin = header.stream().mapToDouble(Row::confidence).min().orElseThrow();
        double orderMean = order.stream().mapToDouble(Row::confidence).average().orElseThrow();
        System.out.printf("confidence: X-Backend min %.3f mean %.3f, %d/%d right; header order only mean %.3f min %.3f,"
                        + " %d/%d right%n", headerMin, header.stream().mapToDouble(Row::confidence).average().orElseThrow(),
                header.stream().filter(Row::right).count(), header.size(), orderMean,
                order.stream().mapToDouble(Row::confidence).min().orElseThrow(),
                order.stream().filter(Row::right).count(), order.size());
        assertThat(headerMin).as("every id-header response is surer than the order-only mean").isGreaterThan(orderMean);
    }

    private List<Row> rows(NamespaceBalancer.Id id) throws Exception {
        Path d = Files.createDirectories(dir.resolve(id.name()));
        try (NamespaceBalancer lb = NamespaceBalancer.start(d, 3, id)) {
            Path csv = d.resolve("responses.csv");
            var r = CommandLineTest.unveil("probe", lb.l4Url(), "--rate", "100", "--responses-csv", csv.toString());
            assertThat(r.code()).as(r.err()).isZero();
            Thread.sleep(300); // nginx logs a request after its response went out
            Map<Integer, String> truth = lb.servedByPort();
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.getFirst()).isEqualTo(ResponsesCsv.HEADER);
            List<String[]> parsed = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                parsed.add(csv(line));
            }
            // each server id stands for the back-end most of its rows came from (the largest such, if several)
            Map<String, Map<String, Integer>> byServer = new HashMap<>();
            for (String[] f : parsed) {
                String served = truth.get(Integer.valueOf(f[4]));
                assertThat(served).as("the logs name the back-end of port %s", f[4]).isNotNull();
                assertThat(f[6]).as("every response put with a back-end").isNotEmpty();
                byServer.computeIfAbsent(f[6], s -> new HashMap<>()).merge(served, 1, Integer::sum);
            }
            Map<String, String> label = new HashMap<>();
            Map<String, String> main = new HashMap<>();
            byServer.forEach((s, m) -> label.put(s, m.entrySet().stream().max(Map.Entry.comparingByValue())
                    .orElseThrow().getKey()));
            label.forEach((s, t) -> main.merge(t, s, (x, y) -> total(byServer.get(x)) >= total(byServer.get(y)) ? x : y));
            List<Row> out = new ArrayList<>();
            for (String[] f : parsed) {
                String served = truth.get(Integer.valueOf(f[4]));
                out.add(new Row(f[6], Double.parseDouble(f[7]), served.equals(label.get(f[6]))
                        && f[6].equals(main.get(served))));
            }
            return out;
        }
    }

    private static int total(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** One RFC 4180 line: fields split at commas outside quotes, doubled quotes undone. */
    static String[] csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out.toArray(String[]::new);
    }
}
