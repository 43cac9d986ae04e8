package org.unveil.scan.block;

import java.util.ArrayList;
import java.util.List;
import org.unveil.scan.store.Optout;

/**
 * What a scan may send to: the targets, which must lie inside ranges allowed for a lab (documentation ranges only:
 * this build scans no real network), minus every opt-out and every reserved range not allowed. Also the block list
 * handed to zmap in place of its own, so zmap refuses the same.
 */
public record TargetPlan(List<long[]> allowed, List<long[]> blocked) {
    /** A scan that must not start, and why. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** The plan for {@code targets}, or why there is none. */
    public static TargetPlan of(List<Cidr> targets, List<Cidr> allowLab, List<Optout> optouts) throws Refused {
        if (targets.isEmpty()) {
            throw new Refused("no targets given");
        }
        for (Cidr lab : allowLab) {
            if (Reserved.lab().stream().noneMatch(lab::within)) {
                throw new Refused("--allow-lab " + lab + ": only the documentation ranges "
                        + String.join(", ", Reserved.LAB) + " (or parts of them) can be allowed for a lab");
            }
        }
        for (Cidr t : targets) {
            if (allowLab.stream().noneMatch(t::within)) {
                throw new Refused("target " + t + " is not inside a range allowed with --allow-lab; this version"
                        + " scans lab ranges only (" + String.join(", ", Reserved.LAB) + ")");
            }
        }
        List<long[]> blocked = new ArrayList<>();
        List<long[]> lab = allowLab.stream().map(c -> new long[] {c.first(), c.last()}).toList();
        blocked.addAll(Ranges.minus(Reserved.blocked().stream().map(c -> new long[] {c.first(), c.last()}).toList(),
                lab));
        for (Optout o : optouts) {
            blocked.add(new long[] {o.first(), o.last()});
        }
        blocked = Ranges.normal(blocked);
        List<long[]> allowed = Ranges.minus(targets.stream().map(c -> new long[] {c.first(), c.last()}).toList(),
                blocked);
        if (allowed.isEmpty()) {
            throw new Refused("every target is blocked (opted out or reserved): nothing to scan");
        }
        return new TargetPlan(allowed, blocked);
    }

    /** How many addresses the scan sends to. */
    public long addresses() {
        return Ranges.count(allowed);
    }
}
