package org.unveil.testbed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.labels.LbLabel;
import org.unveil.trace.correlate.RequestPair;

/**
 * Precision and recall of request pairs against the proxy's own record (labels.csv): a pair is right when its
 * front connection's i-th request has a label row (the i-th row of that front connection) naming its back
 * connection.
 */
record CorrelationScore(int pairs, int right, int labelled) {

    static CorrelationScore of(List<LbLabel> labels, List<RequestPair> pairs) {
        Map<String, List<String>> backByFront = new HashMap<>();
        for (LbLabel l : labels) {
            backByFront.computeIfAbsent(key(l.client().getHostAddress(), l.clientPort(), l.vip().getHostAddress(),
                    l.vipPort()), k -> new ArrayList<>()).add(key(l.proxy().getHostAddress(), l.proxyPort(),
                    l.backend().getHostAddress(), l.backendPort()));
        }
        int right = 0;
        for (RequestPair p : pairs) {
            List<String> backs = backByFront.get(p.front().connection().key());
            int i = p.front().index();
            if (backs != null && i < backs.size() && backs.get(i).equals(p.back().connection().key())) {
                right++;
            }
        }
        return new CorrelationScore(pairs.size(), right, labels.size());
    }

    private static String key(String client, int clientPort, String server, int serverPort) {
        return client + ":" + clientPort + ">" + server + ":" + serverPort;
    }

    double precision() {
        return pairs == 0 ? 0 : right / (double) pairs;
    }

    double recall() {
        return labelled == 0 ? 0 : right / (double) labelled;
    }

    @Override
    public String toString() {
        return String.format("precision %.4f (%d/%d) recall %.4f (%d/%d)", precision(), right, pairs, recall(), right,
                labelled);
    }
}
