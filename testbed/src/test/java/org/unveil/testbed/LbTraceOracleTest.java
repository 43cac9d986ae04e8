package org.unveil.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.oracle.ExternalTool;
import org.unveil.capture.oracle.TsharkConnections;
import org.unveil.labels.LabelCsv;
import org.unveil.labels.LbLabel;
import org.unveil.trace.ParallelTracer;
import org.unveil.trace.TraceQuery;
import org.unveil.trace.TracedConnection;

/**
 * `unveil trace --xff` on the back side of a real haproxy finds exactly the connections tshark's display filter
 * finds, for every client, at one and two threads; and those are the back-end connections the proxy's log
 * says carried that client's requests.
 */
class LbTraceOracleTest {
    @TempDir
    Path out;

    @Test
    void forwardedForOnTheBackSideFindsWhatTsharkFindsAndWhatTheProxyLogged() throws Exception {
        NamespaceTestbed.assumeRunnable("ip", "tcpdump", "curl", "ss", "haproxy", "nginx");
        ExternalTool.require("tshark");
        LbRun run = LbRun.run(out, "--proxy", "haproxy", "--balance", "roundrobin", "--backends", "3", "--clients",
                "3", "--requests", "40", "--seed", "21");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path back = out.resolve("back.pcap");
        List<LbLabel> labels = LabelCsv.readLb(out.resolve("labels.csv"));
        Set<String> clients = new TreeSet<>();
        labels.forEach(l -> clients.add(l.client().getHostAddress()));
        assertThat(clients).hasSize(3);
        for (String client : clients) {
            String quoted = client.replace(".", "\\\\.");
            List<String> command = new ArrayList<>(List.of("tshark", "-r", back.toString(), "-n", "-Y",
                    "http.x_forwarded_for matches \"(^|[ ,])" + quoted + "(:[0-9]+)?($|[ ,])\""));
            command.addAll(TsharkConnections.FIELDS);
            Set<String> tshark = TsharkConnections.parse(ExternalTool.run(command));
            Set<String> logged = new TreeSet<>();
            for (LbLabel l : labels) {
                if (l.client().getHostAddress().equals(client)) {
                    logged.add(TsharkConnections.pair(l.proxy().getHostAddress(), l.proxyPort(),
                            l.backend().getHostAddress(), l.backendPort()));
                }
            }
            assertThat(tshark).as("tshark on %s", client).isEqualTo(logged);
            for (int threads = 1; threads <= 2; threads++) {
                assertThat(trace(back, client, threads)).as("unveil trace --xff %s, %d threads", client, threads)
                        .isEqualTo(tshark);
            }
        }
    }

    private static Set<String> trace(Path capture, String client, int threads) throws Exception {
        Set<String> found = new TreeSet<>();
        for (TracedConnection c : ParallelTracer.run(List.of(capture.toString()), TraceQuery.forwardedFor(client),
                threads, ProblemListener.IGNORE, (f, m) -> { }).connections()) {
            found.add(TsharkConnections.pair(c.client(), c.clientPort(), c.server(), c.serverPort()));
        }
        return found;
    }
}
