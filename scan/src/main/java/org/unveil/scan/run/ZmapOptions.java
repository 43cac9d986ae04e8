package org.unveil.scan.run;

import java.util.List;

/**
 * How to run zmap. {@code command} is the program with any prefix (["ip", "netns", "exec", "lab", "zmap"] runs it in
 * a namespace); {@code port} is -1 for ICMP; {@code iface}, {@code sourceIp}, {@code gatewayMac} may be null (zmap
 * finds them); {@code seed} -1 for zmap's own; {@code bandwidth} (zmap -B, bits a second with an optional G, M or K)
 * sets the send rate instead of {@code rate} when not null; {@code maxTargets} (zmap -n, a count or a percentage of
 * the allowed addresses) null for all; {@code shard} of {@code shards} (from 0) is the part of the address
 * permutation this scanner probes, the same seed on every shard.
 */
public record ZmapOptions(List<String> command, Probe probe, int port, long rate, String iface, String sourceIp,
        String gatewayMac, int cooldownSeconds, long seed, String bandwidth, String maxTargets, int shards,
        int shard) {
    /** The most shards zmap takes (its shard count is 16 bits). */
    public static final int MAX_SHARDS = 65_535;

    /** Options without bandwidth, target cap or shards. */
    public ZmapOptions(List<String> command, Probe probe, int port, long rate, String iface, String sourceIp,
            String gatewayMac, int cooldownSeconds, long seed) {
        this(command, probe, port, rate, iface, sourceIp, gatewayMac, cooldownSeconds, seed, null, null, 1, 0);
    }

    public ZmapOptions {
        if (bandwidth != null && !bandwidth.matches("[1-9][0-9]{0,12}[GMKgmk]?")) {
            throw new IllegalArgumentException("--bandwidth '" + bandwidth + "' is not bits a second (10000000, 10M,"
                    + " 1G)");
        }
        if (maxTargets != null && !maxTargets.matches("[1-9][0-9]{0,12}|([1-9][0-9]?|100)(\\.[0-9]+)?%")) {
            throw new IllegalArgumentException("--max-targets '" + maxTargets + "' is not a count (1000) or a"
                    + " percentage of the allowed addresses (10%)");
        }
        if (shards < 1 || shards > MAX_SHARDS || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("--shard " + shard + " of --shards " + shards + ": shards are 1 to "
                    + MAX_SHARDS + ", a shard 0 to shards - 1");
        }
        if (shards > 1 && seed < 0) {
            throw new IllegalArgumentException("--shards " + shards + " needs --seed: every shard must walk the same"
                    + " permutation of the addresses, or their parts overlap and leave gaps");
        }
    }
}
