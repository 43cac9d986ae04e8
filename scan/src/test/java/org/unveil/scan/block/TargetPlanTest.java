package org.unveil.scan.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.unveil.scan.Ipv4;
import org.unveil.scan.store.Optout;

/** The safety rules: lab ranges only with --allow-lab, opt-outs always taken out, zmap's block list to match. */
class TargetPlanTest {
    private static Cidr c(String text) throws Exception {
        return Cidr.parse(text);
    }

    @Test
    void cidrsAreReadStrictly() throws Exception {
        assertThat(c("192.0.2.0/24")).isEqualTo(new Cidr(Ipv4.parse("192.0.2.0"), Ipv4.parse("192.0.2.255"),
                "192.0.2.0/24"));
        assertThat(c("192.0.2.7").last()).isEqualTo(Ipv4.parse("192.0.2.7"));
        assertThat(c("0.0.0.0/0").last()).isEqualTo(0xffffffffL);
        assertThatThrownBy(() -> c("192.0.2.5/24")).hasMessage("'192.0.2.5/24' has host bits set; did you mean"
                + " 192.0.2.0/24?");
        assertThatThrownBy(() -> c("192.0.2.0/33")).hasMessage("'192.0.2.0/33': the prefix length must be 0 to 32");
        assertThatThrownBy(() -> c("example.org")).hasMessageContaining("is not an IPv4 address");
    }

    @Test
    void anythingOutsideTheAllowedLabIsRefused() throws Exception {
        assertThatThrownBy(() -> TargetPlan.of(List.of(c("8.8.8.0/24")), List.of(c("192.0.2.0/24")), List.of()))
                .hasMessage("target 8.8.8.0/24 is not inside a range allowed with --allow-lab; this version scans"
                        + " lab ranges only (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)");
        assertThatThrownBy(() -> TargetPlan.of(List.of(c("192.0.2.0/24")), List.of(), List.of()))
                .hasMessageStartingWith("target 192.0.2.0/24 is not inside a range allowed");
        assertThatThrownBy(() -> TargetPlan.of(List.of(c("10.0.0.0/24")), List.of(c("10.0.0.0/8")), List.of()))
                .hasMessageStartingWith("--allow-lab 10.0.0.0/8: only the documentation ranges");
        assertThatThrownBy(() -> TargetPlan.of(List.of(c("192.0.2.0/23")), List.of(c("192.0.2.0/23")), List.of()))
                .hasMessageStartingWith("--allow-lab 192.0.2.0/23: only the documentation ranges");
        // a target half inside the lab is refused whole
        assertThatThrownBy(() -> TargetPlan.of(List.of(c("192.0.2.0/24")), List.of(c("192.0.2.0/25")), List.of()))
                .isInstanceOf(TargetPlan.Refused.class);
    }

    @Test
    void optoutsAreTakenOutAndBlocked() throws Exception {
        var optout = new Optout("192.0.2.16/28", Ipv4.parse("192.0.2.16"), Ipv4.parse("192.0.2.31"), "asked", Instant.EPOCH);
        TargetPlan plan = TargetPlan.of(List.of(c("192.0.2.0/27")), List.of(c("192.0.2.0/24")), List.of(optout));
        assertThat(Ranges.cidrs(plan.allowed())).containsExactly("192.0.2.0/28");
        assertThat(plan.addresses()).isEqualTo(16);
        List<String> blocked = Ranges.cidrs(plan.blocked());
        assertThat(blocked).contains("192.0.2.16/28", "10.0.0.0/8", "198.51.100.0/24", "203.0.113.0/24",
                "224.0.0.0/3").doesNotContain("192.0.2.0/24");
        var all = new Optout("192.0.2.0/24", Ipv4.parse("192.0.2.0"), Ipv4.parse("192.0.2.255"), "all", Instant.EPOCH);
        assertThatThrownBy(() -> TargetPlan.of(List.of(c("192.0.2.0/27")), List.of(c("192.0.2.0/24")), List.of(all)))
                .hasMessage("every target is blocked (opted out or reserved): nothing to scan");
    }

    /** Allowed and blocked never share an address, and cover the targets: checked address by address. */
    @Test
    void allowedAndBlockedPartitionTheTargets() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 50; round++) {
            int a = random.nextInt(256);
            int b = random.nextInt(256);
            int lo = Math.min(a, b) & ~3;
            long base = Ipv4.parse("203.0.113.0");
            var optout = new Optout("x", base + lo, base + lo + 3, "r", Instant.EPOCH);
            TargetPlan plan;
            try {
                plan = TargetPlan.of(List.of(c("203.0.113.0/24")), List.of(c("203.0.113.0/24")), List.of(optout));
            } catch (TargetPlan.Refused e) {
                continue;
            }
            for (long x = base; x < base + 256; x++) {
                boolean out = x >= base + lo && x <= base + lo + 3;
                long addr = x;
                boolean inAllowed = plan.allowed().stream().anyMatch(r -> addr >= r[0] && addr <= r[1]);
                boolean inBlocked = plan.blocked().stream().anyMatch(r -> addr >= r[0] && addr <= r[1]);
                assertThat(inAllowed).isEqualTo(!out);
                assertThat(inBlocked).isEqualTo(out);
            }
        }
    }
}
