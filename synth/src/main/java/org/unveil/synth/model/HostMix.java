package org.unveil.synth.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/** A named mix of OS families, shared out over the hosts in proportion to their weights. */
public record HostMix(String name, String description, int defaultHosts, Map<OsFamily, Integer> weights) {

    /**
     * The families "all" shares out, fixed: the accuracy tables are keyed by the presets' output, so families
     * added later (the real-stack models) join the "vintage" mix instead of changing "all".
     */
    private static final List<OsFamily> ORIGINAL = List.of(OsFamily.WINDOWS, OsFamily.WINDOWS_TS,
            OsFamily.WINDOWS_SWAPPED, OsFamily.EMBEDDED_15BIT, OsFamily.MACOS, OsFamily.IOS, OsFamily.ANDROID,
            OsFamily.LINUX, OsFamily.LINUX_4_10, OsFamily.LINUX_OLD, OsFamily.LINUX_OLD_100HZ, OsFamily.FREEBSD);

    /** Every preset, in the order the hosts get them. */
    public static final List<HostMix> PRESETS = List.of(
            new HostMix("all", "every family in turn", ORIGINAL.size(), equalWeights()),
            new HostMix("home", "a household: laptops, phones, a Linux box", 6, ordered(OsFamily.WINDOWS, 2,
                    OsFamily.MACOS, 1, OsFamily.IOS, 1, OsFamily.ANDROID, 1, OsFamily.LINUX, 1)),
            new HostMix("office", "a Windows office with a few Macs and Linux machines", 20, ordered(
                    OsFamily.WINDOWS, 12, OsFamily.WINDOWS_TS, 2, OsFamily.MACOS, 3, OsFamily.LINUX, 2,
                    OsFamily.ANDROID, 1)),
            new HostMix("legacy", "old stacks: global and byte-swapped counters, 100 and 250 Hz clocks", 6, ordered(
                    OsFamily.LINUX_OLD, 2, OsFamily.LINUX_OLD_100HZ, 1, OsFamily.WINDOWS_SWAPPED, 2,
                    OsFamily.EMBEDDED_15BIT, 1)),
            new HostMix("linux", "modern Linux and Android only (the hard case for IPID methods)", 6, ordered(
                    OsFamily.LINUX, 3, OsFamily.LINUX_4_10, 1, OsFamily.ANDROID, 2)),
            new HostMix("vintage", "stacks checked against real captures: Windows XP and 7, Linux 2.6, Mac OS X 10.4",
                    5, ordered(OsFamily.WINDOWS_XP, 2, OsFamily.WINDOWS_7, 1, OsFamily.LINUX_2_6, 1,
                            OsFamily.MACOS_10_4, 1)));

    public HostMix {
        weights = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weights));
    }

    /** The preset with this name, or null. */
    public static HostMix named(String name) {
        return PRESETS.stream().filter(m -> m.name.equals(name)).findFirst().orElse(null);
    }

    public static String names() {
        return PRESETS.stream().map(HostMix::name).collect(Collectors.joining(", "));
    }

    /**
     * The family of each of {@code count} hosts: host i gets the family whose share of the total weight covers
     * (i + 1/2) / count, so the proportions hold as closely as whole hosts allow, without randomness.
     */
    public List<OsFamily> families(int count) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        List<OsFamily> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double point = (i + 0.5) / count * total;
            int cumulative = 0;
            for (Map.Entry<OsFamily, Integer> e : weights.entrySet()) {
                cumulative += e.getValue();
                if (point < cumulative) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    /** {@code count} hosts of this mix at consecutive addresses from {@code firstAddress}. */
    public List<HostProfile> hosts(int count, int firstAddress, RandomGenerator rng) {
        List<HostProfile> hosts = new ArrayList<>(count);
        List<OsFamily> families = families(count);
        for (int i = 0; i < count; i++) {
            hosts.add(families.get(i).host(firstAddress + i, rng));
        }
        return hosts;
    }

    private static Map<OsFamily, Integer> equalWeights() {
        Map<OsFamily, Integer> m = new java.util.LinkedHashMap<>();
        ORIGINAL.forEach(f -> m.put(f, 1));
        return m;
    }

    private static Map<OsFamily, Integer> ordered(Object... familyWeight) {
        Map<OsFamily, Integer> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < familyWeight.length; i += 2) {
            m.put((OsFamily) familyWeight[i], (Integer) familyWeight[i + 1]);
        }
        return m;
    }
}
