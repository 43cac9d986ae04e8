package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.EvidenceKind;

/**
 * Links a DNS lookup to the connection it was made for: a program asks for a name, gets the answer and connects
 * at once, so the first connection from the address right after an answer is most likely the asker's. Evidence
 * is weak (busy NATs interleave hosts), split among the connections that start inside the window.
 */
public final class LookupLinker {
    /** How long after the answer the connection may start: name resolution to connect() is sub-millisecond. */
    static final long WINDOW_NANOS = 50_000_000L;

    private LookupLinker() {
    }

    /** {@code flows} in order of first packet. */
    public static EdgeList link(List<FlowEvidence> flows) {
        EdgeList edges = new EdgeList();
        for (int d = 0; d < flows.size(); d++) {
            FlowEvidence lookup = flows.get(d);
            if (lookup.protocol() != 17 || lookup.serverPort() != 53 || lookup.packets() < 2) {
                continue;
            }
            long answered = lookup.lastNanos();
            int first = -1;
            int inWindow = 0;
            for (int c = d + 1; c < flows.size(); c++) {
                FlowEvidence f = flows.get(c);
                if (f.firstNanos() > answered + WINDOW_NANOS) {
                    break;
                }
                if (f.firstNanos() < answered || (f.protocol() == 17 && f.serverPort() == 53)) {
                    continue;
                }
                inWindow++;
                if (first < 0) {
                    first = c;
                }
            }
            if (first >= 0) {
                edges.add(d, first, EvidenceKind.DNS_THEN_CONNECT.bits() - TcpClockLinker.log2(inWindow),
                        EvidenceKind.DNS_THEN_CONNECT);
            }
        }
        return edges;
    }
}
