package org.unveil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.glob.PortRange;
import org.unveil.glob.RuleState;

class NftScriptTest {
    private static final GatewayConfig CONFIG = config();

    private static GatewayConfig config() {
        try {
            return new GatewayConfig(1, List.of(new InetSocketAddress("192.0.2.10", 7400),
                    new InetSocketAddress("192.0.2.11", 7400)), "in0", "ex0",
                    List.of(InetAddress.getByName("198.51.100.1")), 1_000_000_000L, 100_000_000L, 500_000_000L);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static RuleState rule(long id, int ilo, int ihi, int elo, int ehi) {
        return new RuleState(id, new PortRange(ilo, ihi), new PortRange(elo, ehi), 1, 0, 0, 0, 0);
    }

    @Test
    void eachRectangleIsAcceptedInBothDirectionsAndTheRestDroppedAtRawPriority() {
        String script = NftScript.install(CONFIG, List.of(rule(9, 0, 32767, 16384, 32767), rule(6, 80, 80, 0, 65535)),
                false);
        assertThat(script).contains("type filter hook prerouting priority raw; policy accept;")
                .contains("iifname \"in0\" meta l4proto { tcp, udp } th sport 0-32767 th dport 16384-32767 counter"
                        + " accept comment \"r9\"")
                .contains("iifname \"ex0\" meta l4proto { tcp, udp } th dport 0-32767 th sport 16384-32767 counter"
                        + " accept comment \"r9\"")
                .contains("th sport 80 th dport 0-65535")
                .contains("iifname { \"in0\", \"ex0\" } meta l4proto { tcp, udp } drop")
                .contains("arp operation request arp daddr ip { 198.51.100.1 } drop");
        // tables are replaced whole, in one transaction
        assertThat(script.indexOf("delete table inet unveil_glob")).isLessThan(script.indexOf("table inet unveil_glob {"));
        assertThat(script.indexOf("drop\n")).isGreaterThan(script.indexOf("comment \"r6\""));
    }

    @Test
    void nonDisruptiveTransfersKeepTheConnectionSetAndTakeOnlyNewSynsOfARule() {
        String script = NftScript.installNonDisruptive(CONFIG, List.of(rule(9, 0, 32767, 16384, 32767),
                rule(6, 80, 80, 0, 65535)), java.util.Set.of(6L), false);
        // the table (and its set of accepted connections) is never deleted: its chain is refilled in the transaction
        assertThat(script).doesNotContain("delete table inet unveil_glob")
                .contains("add set inet unveil_glob conns { type ipv4_addr . inet_service . inet_service;")
                .contains("flags dynamic,timeout; timeout 60s;")
                .contains("flush chain inet unveil_glob pre");
        String inRect = "add rule inet unveil_glob pre iifname \"in0\" tcp sport 0-32767 tcp dport 16384-32767 ";
        // a rule's own connections, then its new SYNs joining the set; nothing else of its rectangle
        assertThat(script).contains(inRect + "ip saddr . tcp sport . tcp dport @conns update @conns { ip saddr ."
                        + " tcp sport . tcp dport } counter accept comment \"r9\"")
                .contains(inRect + "tcp flags & (syn | ack) == syn add @conns { ip saddr . tcp sport . tcp dport }"
                        + " counter accept comment \"r9\"")
                .doesNotContain(inRect + "counter accept")
                .contains("iifname \"ex0\" tcp dport 0-32767 tcp sport 16384-32767 ip daddr . tcp dport . tcp sport"
                        + " @conns");
        // rule 6 came from a failed node: its connections have nobody else, so every packet is taken and kept
        assertThat(script).contains("iifname \"in0\" tcp sport 80 tcp dport 0-65535 add @conns { ip saddr . tcp"
                + " sport . tcp dport } counter accept comment \"r6\"");
        // connections kept after their rule left, counted by a counter that outlives the flushes; then the drop
        int held = script.indexOf("tcp flags & (syn | ack) != syn ip saddr . tcp sport . tcp dport @conns");
        assertThat(held).isGreaterThan(script.lastIndexOf("comment \"r6\""));
        assertThat(script.indexOf("meta l4proto { tcp, udp } drop")).isGreaterThan(held);
        assertThat(script).contains("add counter inet unveil_glob held").contains("counter name \"held\" accept");
        // the same rule counters as the thesis's mode: the engine's loads are read the same way
        assertThat(script.split("comment \"r9\"", -1).length - 1).isEqualTo(5);
    }

    @Test
    void theArpResponderDoesNotDropArp() {
        assertThat(NftScript.install(CONFIG, List.of(), true)).doesNotContain("arp operation request")
                .doesNotContain("icmp drop");
    }

    @Test
    void countersAreReadPerRuleAcrossBothDirections() {
        String listing = """
                table inet unveil_glob {
                	chain pre {
                		type filter hook prerouting priority raw; policy accept;
                		iifname { "in0", "ex0" } meta l4proto { tcp, udp } counter packets 30 bytes 9000 comment "total"
                		iifname "in0" meta l4proto { tcp, udp } th sport 0-32767 th dport 16384-32767 counter packets 2 bytes 120 accept comment "r9"
                		iifname "ex0" meta l4proto { tcp, udp } th dport 0-32767 th sport 16384-32767 counter packets 3 bytes 4500 accept comment "r9"
                		iifname "in0" meta l4proto { tcp, udp } th sport 80 th dport 0-65535 counter packets 0 bytes 0 accept comment "r6"
                	}
                }
                """;
        NftCounters counters = NftCounters.parse(listing);
        assertThat(counters.totalBytes()).isEqualTo(9000);
        assertThat(counters.ruleBytes()).containsEntry(9L, 4620L).containsEntry(6L, 0L).hasSize(2);
    }
}
