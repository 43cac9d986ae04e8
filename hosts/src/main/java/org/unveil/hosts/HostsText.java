package org.unveil.hosts;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.unveil.hosts.truth.AttributionScore;
import org.unveil.labels.LabelCsv;

/**
 * The plain-text forms of one address's hosts that `unveil hosts` prints: its report block and its rows of the
 * flows CSV. One place, so that every engine (one process, a Flink job) writes the same bytes.
 */
public final class HostsText {
    /** The flows CSV's header row. */
    public static final String FLOWS_HEADER = "first_time,proto,src,sport,dst,dport,host,confidence\n";

    private HostsText() {
    }

    /** One row per flow of the address: first_time,proto,src,sport,dst,dport,host,confidence. */
    public static void flows(AddressHosts a, Writer w) throws IOException {
        for (int i = 0; i < a.flows().size(); i++) {
            FlowEvidence f = a.flows().get(i);
            w.write(LabelCsv.time(Math.floorDiv(f.firstNanos(), 1000)) + "," + LabelCsv.protoName(f.protocol())
                    + "," + f.client() + "," + f.clientPort() + "," + f.server() + "," + f.serverPort() + ","
                    + (a.hostId(i) == null ? "" : a.hostId(i)) + ","
                    + String.format(Locale.ROOT, "%.3f", a.confidence(i)) + "\n");
        }
    }

    /**
     * The address's block of the text report: its count and range, the truth's scores when labels were given
     * ({@code score} and {@code tcp}, TCP flows only; null without), and one line per host.
     */
    public static void text(AddressHosts a, AttributionScore score, AttributionScore tcp, Writer out)
            throws IOException {
        out.write(String.format(Locale.ROOT, "%s: %d host%s (%d..%d), %d flows%n", a.address(), a.hostCount(),
                a.hostCount() == 1 ? "" : "s", a.hostCountLow(), a.hostCountHigh(), a.flows().size()));
        if (score != null) {
            out.write(String.format(Locale.ROOT, "  truth: %d hosts; adjusted Rand index %.3f, purity %.3f over %d"
                    + " labelled flows%n", score.trueHosts(), score.adjustedRandIndex(), score.purity(),
                    score.count()));
            if (tcp.count() > 0 && tcp.count() < score.count()) {
                out.write(String.format(Locale.ROOT, "  truth, TCP flows only: adjusted Rand index %.3f,"
                        + " purity %.3f over %d%n", tcp.adjustedRandIndex(), tcp.purity(), tcp.count()));
            }
        }
        for (HostProfile h : a.hosts()) {
            out.write(String.format(Locale.ROOT, "  %-22s %-10s ttl %-3d %5d flows %8d packets  clock %s skew %s%s%n",
                    h.id(), h.os(), h.initialTtl(), h.flows(), h.packets(),
                    h.clockHz() == null ? "-" : String.format(Locale.ROOT, "%.0f Hz", h.clockHz()),
                    h.skewPpm() == null ? "-" : String.format(Locale.ROOT, "%+.1f ppm", h.skewPpm()),
                    h.userAgents().isEmpty() ? "" : "  " + String.join(" | ", h.userAgents())));
        }
    }
}
