package org.unveil.hosts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.Timestamps;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.truth.AttributionScore;

/**
 * The schema of `unveil hosts --json` (README: "addresses", "hostCount", …, "firstSeen"), as plain maps and lists
 * any JSON writer takes: the names are a contract, kept here beside the types they describe.
 */
public final class HostsJson {
    private HostsJson() {
    }

    /**
     * One address: its count and range, its hosts, and with labels its score (all flows, and TCP flows alone).
     *
     * @param score null without labels
     */
    public static Map<String, Object> address(AddressHosts a, AttributionScore score, AttributionScore tcp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", a.address());
        m.put("hostCount", a.hostCount());
        m.put("hostCountLow", a.hostCountLow());
        m.put("hostCountHigh", a.hostCountHigh());
        m.put("flows", a.flows().size());
        m.put("unattributedFlows", a.unattributed());
        m.put("approximate", a.approximate());
        if (a.approximate()) {
            m.put("approximations", a.approximations());
        }
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (HostProfile h : a.hosts()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("id", h.id());
            hm.put("os", h.os());
            hm.put("initialTtl", h.initialTtl());
            hm.put("userAgents", h.userAgents());
            hm.put("tlsFingerprints", h.tlsFingerprints());
            hm.put("clockHz", h.clockHz());
            hm.put("skewPpm", h.skewPpm() == null ? null : Math.round(h.skewPpm() * 10) / 10.0);
            hm.put("flows", h.flows());
            hm.put("packets", h.packets());
            hm.put("bytes", h.bytes());
            // strings with all nine decimals: a JSON number is read as a double and keeps only microseconds
            hm.put("firstSeen", Timestamps.epoch(h.firstSeenNanos()));
            hm.put("lastSeen", Timestamps.epoch(h.lastSeenNanos()));
            hm.put("evidence", EvidenceKind.labels(h.evidence()));
            hm.put("separatedBy", EvidenceKind.labels(h.separatedBy()));
            hm.put("uptimeSeconds", h.uptimeSeconds() == null ? null : Math.round(h.uptimeSeconds()));
            hm.put("mayBeSeveral", h.mayBeSeveral());
            hosts.add(hm);
        }
        m.put("hosts", hosts);
        if (score != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("trueHostCount", score.trueHosts());
            t.put("labelledFlows", score.count());
            t.put("adjustedRandIndex", round(score.adjustedRandIndex()));
            t.put("purity", round(score.purity()));
            if (tcp.count() > 0) {
                Map<String, Object> tt = new LinkedHashMap<>();
                tt.put("labelledFlows", tcp.count());
                tt.put("adjustedRandIndex", round(tcp.adjustedRandIndex()));
                tt.put("purity", round(tcp.purity()));
                t.put("tcpFlows", tt);
            }
            m.put("truth", t);
        }
        return m;
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }
}
