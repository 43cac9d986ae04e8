package org.unveil.trace.correlate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pairs the requests of a front and a back capture and rolls the pairs up into connections and back-end loads. */
public final class Correlator {
    private Correlator() {
    }

    /** @param forced the only evidence to use, or null for the strongest each pair offers */
    public static Correlation correlate(ExchangeExtractor front, ExchangeExtractor back, Evidence forced) {
        List<HttpExchange> backExchanges = back.exchanges();
        List<HttpExchange> frontExchanges = front.exchanges();
        List<RequestPair> pairs = new RequestMatcher(forced).match(frontExchanges, backExchanges);
        return new Correlation(pairs, connections(pairs), loads(pairs, backExchanges, back.connections()),
                PolicyGuesser.guess(pairs, backExchanges), frontExchanges.size(), backExchanges.size());
    }

    private static List<ConnectionPair> connections(List<RequestPair> pairs) {
        Map<String, List<RequestPair>> byConnections = new LinkedHashMap<>();
        for (RequestPair p : pairs) {
            byConnections.computeIfAbsent(p.front().connection().key() + " " + p.back().connection().key(),
                    k -> new ArrayList<>()).add(p);
        }
        List<ConnectionPair> out = new ArrayList<>();
        for (List<RequestPair> group : byConnections.values()) {
            Evidence weakest = Evidence.XFF;
            double confidence = 1;
            for (RequestPair p : group) {
                weakest = p.evidence().compareTo(weakest) > 0 ? p.evidence() : weakest;
                confidence = Math.min(confidence, p.confidence());
            }
            out.add(new ConnectionPair(group.getFirst().front().connection(), group.getFirst().back().connection(),
                    group.size(), weakest, confidence));
        }
        return out;
    }

    private static List<BackendLoad> loads(List<RequestPair> pairs, List<HttpExchange> backs,
            List<TcpConnection> connections) {
        Map<String, Integer> requests = new LinkedHashMap<>();
        Map<String, Set<String>> clients = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        Set<String> counted = new HashSet<>();
        for (HttpExchange b : backs) {
            String server = server(b.connection());
            requests.merge(server, 1, Integer::sum);
            clients.computeIfAbsent(server, k -> new HashSet<>());
            if (counted.add(b.connection().key())) {
                bytes.merge(server, b.connection().payloadBytes(), Long::sum);
            }
        }
        for (RequestPair p : pairs) {
            clients.get(server(p.back().connection())).add(p.front().connection().client());
        }
        List<BackendLoad> out = new ArrayList<>();
        int total = backs.size();
        requests.keySet().stream().sorted().forEach(server -> {
            int colon = server.lastIndexOf(' ');
            out.add(new BackendLoad(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)),
                    clients.get(server).size(), requests.get(server), bytes.get(server),
                    Math.round(1000.0 * requests.get(server) / total) / 1000.0));
        });
        return out;
    }

    private static String server(TcpConnection c) {
        return c.server() + " " + c.serverPort();
    }
}
