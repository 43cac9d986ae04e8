package org.unveil.gateway;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.unveil.glob.RuleState;

/**
 * The nftables transaction that makes a node accept exactly its rules: at raw priority in prerouting
 * (before conntrack, so other nodes' packets never create state here), TCP and UDP arriving on either hub
 * are accepted when (internal port, external port) lies in one of the node's rectangles and dropped
 * otherwise; the internal port is the source port of what comes from the internal side and the
 * destination port of what comes from the external side. Each rule has a counter (its load). The whole
 * file is applied by one {@code nft -f}, atomically: tables are replaced, never edited.
 */
final class NftScript {
    static final String TABLE = "unveil_glob";
    static final String ARP_TABLE = "unveil_glob_arp";

    private NftScript() {
    }

    /** The transaction installing {@code rules}; {@code answersArp} says whether this node is the ARP responder. */
    static String install(GatewayConfig config, List<RuleState> rules, boolean answersArp) {
        String in = quote(config.internalInterface());
        String ex = quote(config.externalInterface());
        StringBuilder script = new StringBuilder();
        script.append("add table inet ").append(TABLE).append('\n');
        script.append("delete table inet ").append(TABLE).append('\n');
        script.append("table inet ").append(TABLE).append(" {\n");
        script.append("  chain pre {\n");
        script.append("    type filter hook prerouting priority raw; policy accept;\n");
        script.append("    iifname { ").append(in).append(", ").append(ex)
                .append(" } meta l4proto { tcp, udp } counter comment \"total\"\n");
        for (RuleState rule : rules) {
            String internal = range(rule.internal().lo(), rule.internal().hi());
            String external = range(rule.external().lo(), rule.external().hi());
            String comment = " counter accept comment \"r" + rule.id() + "\"\n";
            script.append("    iifname ").append(in).append(" meta l4proto { tcp, udp } th sport ").append(internal)
                    .append(" th dport ").append(external).append(comment);
            script.append("    iifname ").append(ex).append(" meta l4proto { tcp, udp } th dport ").append(internal)
                    .append(" th sport ").append(external).append(comment);
        }
        script.append("    iifname { ").append(in).append(", ").append(ex).append(" } meta l4proto { tcp, udp } drop\n");
        if (!answersArp) {
            // one node forwards what has no ports (ICMP), as one answers ARP
            script.append("    iifname { ").append(in).append(", ").append(ex).append(" } meta l4proto icmp drop\n");
        }
        script.append("  }\n}\n");
        script.append("add table arp ").append(ARP_TABLE).append('\n');
        script.append("delete table arp ").append(ARP_TABLE).append('\n');
        script.append("table arp ").append(ARP_TABLE).append(" {\n");
        script.append("  chain in {\n    type filter hook input priority filter; policy accept;\n");
        if (!answersArp && !config.service().isEmpty()) {
            script.append("    arp operation request arp daddr ip { ")
                    .append(config.service().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", ")))
                    .append(" } drop\n");
        }
        script.append("  }\n}\n");
        return script.toString();
    }

    /** Removes what {@link #install} made (a clean stop). */
    static String remove() {
        return "add table inet " + TABLE + "\ndelete table inet " + TABLE + "\nadd table arp " + ARP_TABLE
                + "\ndelete table arp " + ARP_TABLE + "\n";
    }

    private static String range(int lo, int hi) {
        return lo == hi ? Integer.toString(lo) : lo + "-" + hi;
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }
}
