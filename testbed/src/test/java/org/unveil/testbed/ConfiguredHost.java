package org.unveil.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One row of hosts.csv: the stack an inside host was configured with. */
record ConfiguredHost(String name, int address, int ttl, int tcpTimestamps, int windowScaling, int sack,
        String userAgent) {
    static final String HEADER = "host,address,ttl,tcp_timestamps,window_scaling,sack,client,user_agent";

    static List<ConfiguredHost> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            throw new IOException(file + ": expected the header " + HEADER);
        }
        return lines.stream().skip(1).filter(l -> !l.isBlank()).map(ConfiguredHost::parse).toList();
    }

    private static ConfiguredHost parse(String line) {
        // user_agent is last and quoted when it holds commas, so a bounded split keeps it whole
        String[] c = line.split(",", 8);
        String ua = c[7].startsWith("\"") ? c[7].substring(1, c[7].length() - 1).replace("\"\"", "\"") : c[7];
        return new ConfiguredHost(c[0], Addresses.of(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]),
                Integer.parseInt(c[4]), Integer.parseInt(c[5]), ua);
    }
}
