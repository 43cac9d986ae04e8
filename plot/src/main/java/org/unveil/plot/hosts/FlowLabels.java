package org.unveil.plot.hosts;

import org.unveil.capture.flow.IpAddresses;
import java.util.List;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.FlowEvidence;
import org.unveil.synth.label.LabelCsv;

/** What each flow is called when its packets are coloured: its inferred host, User-Agent, 5-tuple or OS. */
public final class FlowLabels {
    /** For flows whose address was left out of the inference. */
    static final String NO_HOST = "(no host inferred)";

    private final List<FlowEvidence> flows;
    private final String[] hostOf;

    /** {@code flows} indexed as {@link FlowEvidence#index()}; {@code results} the hosts inferred from them. */
    public FlowLabels(List<FlowEvidence> flows, List<AddressHosts> results) {
        this.flows = flows;
        this.hostOf = new String[flows.size()];
        for (AddressHosts a : results) {
            for (int i = 0; i < a.flows().size(); i++) {
                hostOf[a.flows().get(i).index()] = a.hosts().get(a.hostOf()[i]).id();
            }
        }
    }

    public String label(int flow, ColorBy by) {
        FlowEvidence f = flows.get(flow);
        return switch (by) {
            case HOST -> hostOf[flow] == null ? NO_HOST : hostOf[flow];
            case UA -> f.userAgent() == null ? "(no User-Agent)" : f.userAgent();
            case FLOW -> LabelCsv.protoName(f.protocol()) + " " + IpAddresses.withPort(f.client(), f.clientPort())
                    + " > " + IpAddresses.withPort(f.server(), f.serverPort());
            case OS -> f.os() != null ? f.os() : f.initialTtl() == 0 ? "(unknown)" : "(no SYN) TTL " + f.initialTtl();
        };
    }
}
