package org.unveil.scan.block;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.unveil.scan.Ipv4;

/** Sets of IPv4 addresses as sorted, disjoint, unsigned [first, last] pairs. */
public final class Ranges {
    private Ranges() {
    }

    /** {@code ranges} sorted and merged. */
    public static List<long[]> normal(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges.stream().map(long[]::clone).toList());
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = out.isEmpty() ? null : out.getLast();
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** What of {@code from} is not in {@code remove}. */
    public static List<long[]> minus(List<long[]> from, List<long[]> remove) {
        List<long[]> out = new ArrayList<>();
        List<long[]> cut = normal(remove);
        for (long[] r : normal(from)) {
            long start = r[0];
            for (long[] c : cut) {
                if (c[1] < start || c[0] > r[1]) {
                    continue;
                }
                if (c[0] > start) {
                    out.add(new long[] {start, c[0] - 1});
                }
                start = c[1] + 1;
                if (start > r[1]) {
                    break;
                }
            }
            if (start <= r[1]) {
                out.add(new long[] {start, r[1]});
            }
        }
        return out;
    }

    /** How many addresses. */
    public static long count(List<long[]> ranges) {
        return ranges.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
    }

    /** The fewest CIDR blocks that cover {@code ranges} exactly (what zmap's allow and block files take). */
    public static List<String> cidrs(List<long[]> ranges) {
        List<String> out = new ArrayList<>();
        for (long[] r : normal(ranges)) {
            long start = r[0];
            while (start <= r[1]) {
                int bits = 32;
                while (bits > 0) {
                    long size = 1L << (33 - bits);
                    if ((start & (size - 1)) != 0 || start + size - 1 > r[1]) {
                        break;
                    }
                    bits--;
                }
                out.add(Ipv4.format((int) start) + "/" + bits);
                start += 1L << (32 - bits);
            }
        }
        return out;
    }
}
