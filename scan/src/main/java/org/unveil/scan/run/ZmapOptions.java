package org.unveil.scan.run;

import java.util.List;

/**
 * How to run zmap. {@code command} is the program with any prefix (["ip", "netns", "exec", "lab", "zmap"] runs it in
 * a namespace); {@code port} is -1 for ICMP; {@code iface}, {@code sourceIp}, {@code gatewayMac} may be null (zmap
 * finds them); {@code seed} -1 for zmap's own.
 */
public record ZmapOptions(List<String> command, Probe probe, int port, long rate, String iface, String sourceIp,
        String gatewayMac, int cooldownSeconds, long seed) {
}
