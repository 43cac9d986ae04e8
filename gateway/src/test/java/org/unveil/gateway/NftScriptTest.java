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
