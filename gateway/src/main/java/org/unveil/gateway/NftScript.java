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

    /** The set of connections a node accepted (non-disruptive mode): client address . internal . external port. */
    static final String CONNECTIONS = "conns";
    /** How long an idle accepted connection stays in the set (refreshed by each of its packets). */
    static final int CONNECTION_TIMEOUT_S = 60;
    /** The named counter of packets a node forwards for its connections after their rule moved away. */
    static final String HELD = "held";

    /**
     * The non-disruptive transaction (§12.5.6): TCP packets of a connection in the node's set are accepted
     * wherever their rule now is; a SYN in one of the node's rectangles joins the set and is accepted; other
     * TCP in its rectangles is dropped (a peer holds that connection). The table is not replaced, only its
     * chain flushed and refilled in the same transaction, so the set outlives every change. Rules in
     * {@code adopted} came from a failed node: the connections it held have no owner left, so there every
     * packet is accepted and joins the set. UDP has no SYN and is filtered as in the thesis.
     */
    static String installNonDisruptive(GatewayConfig config, List<RuleState> rules, java.util.Set<Long> adopted,
            boolean answersArp) {
        String in = quote(config.internalInterface());
        String ex = quote(config.externalInterface());
        String inKey = "ip saddr . tcp sport . tcp dport";
        String exKey = "ip daddr . tcp dport . tcp sport";
        String add = "add rule inet " + TABLE + " pre ";
        StringBuilder script = new StringBuilder();
        script.append("add table inet ").append(TABLE).append('\n');
        script.append("add set inet ").append(TABLE).append(' ').append(CONNECTIONS)
                .append(" { type ipv4_addr . inet_service . inet_service; size 65535; flags dynamic,timeout; timeout ")
                .append(CONNECTION_TIMEOUT_S).append("s; }\n");
        // a named counter outlives the chain's flushes: what was forwarded for connections whose rule had left
        script.append("add counter inet ").append(TABLE).append(' ').append(HELD).append('\n');
        script.append("add chain inet ").append(TABLE)
                .append(" pre { type filter hook prerouting priority raw; policy accept; }\n");
        script.append("flush chain inet ").append(TABLE).append(" pre\n");
        script.append(add).append("iifname { ").append(in).append(", ").append(ex)
                .append(" } meta l4proto { tcp, udp } counter comment \"total\"\n");
        for (RuleState rule : rules) {
            String internal = range(rule.internal().lo(), rule.internal().hi());
            String external = range(rule.external().lo(), rule.external().hi());
            String comment = " counter accept comment \"r" + rule.id() + "\"\n";
            String inRect = "iifname " + in + " tcp sport " + internal + " tcp dport " + external;
            String exRect = "iifname " + ex + " tcp dport " + internal + " tcp sport " + external;
            if (adopted.contains(rule.id())) {
                script.append(add).append(inRect).append(" add @").append(CONNECTIONS).append(" { ").append(inKey)
                        .append(" }").append(comment);
                script.append(add).append(exRect).append(" add @").append(CONNECTIONS).append(" { ").append(exKey)
                        .append(" }").append(comment);
            } else {
                // a member's packets refresh its timeout, so a long connection outlives the set's timeout
                script.append(add).append(inRect).append(' ').append(inKey).append(" @").append(CONNECTIONS)
                        .append(" update @").append(CONNECTIONS).append(" { ").append(inKey).append(" }")
                        .append(comment);
                script.append(add).append(exRect).append(' ').append(exKey).append(" @").append(CONNECTIONS)
                        .append(" update @").append(CONNECTIONS).append(" { ").append(exKey).append(" }")
                        .append(comment);
                script.append(add).append(inRect).append(" tcp flags & (syn | ack) == syn add @").append(CONNECTIONS)
                        .append(" { ").append(inKey).append(" }").append(comment);
            }
            script.append(add).append("iifname ").append(in).append(" udp sport ").append(internal)
                    .append(" udp dport ").append(external).append(comment);
            script.append(add).append("iifname ").append(ex).append(" udp dport ").append(internal)
                    .append(" udp sport ").append(external).append(comment);
        }
        // connections accepted here under a rule that has since moved: still ours (not a new SYN on the inside)
        script.append(add).append("iifname ").append(in).append(" tcp flags & (syn | ack) != syn ").append(inKey)
                .append(" @").append(CONNECTIONS).append(" update @").append(CONNECTIONS).append(" { ").append(inKey)
                .append(" } counter name \"" + HELD + "\" accept\n");
        script.append(add).append("iifname ").append(ex).append(' ').append(exKey).append(" @").append(CONNECTIONS)
                .append(" update @").append(CONNECTIONS).append(" { ").append(exKey)
                .append(" } counter name \"" + HELD + "\" accept\n");
        script.append(add).append("iifname { ").append(in).append(", ").append(ex)
                .append(" } meta l4proto { tcp, udp } drop\n");
        if (!answersArp) {
            script.append(add).append("iifname { ").append(in).append(", ").append(ex).append(" } meta l4proto icmp drop\n");
        }
        script.append(arpTable(config, answersArp));
        return script.toString();
    }

    private static String arpTable(GatewayConfig config, boolean answersArp) {
        StringBuilder script = new StringBuilder();
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
