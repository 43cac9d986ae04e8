package org.unveil.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's configuration, read from a file of {@code key = value} lines ('#' starts a comment):
 * <pre>
 * node = 0                          # this node's id
 * control = 192.0.2.10:7400, 192.0.2.11:7400, 192.0.2.12:7400   # every node's control address, by id
 * internal-interface = in0          # the hub towards the protected (client) side
 * external-interface = ex0          # the hub towards the servers
 * service = 198.51.100.1, 203.0.113.1   # the shared addresses only one node answers ARP for
 * poll = 1                          # seconds between polls (the thesis: 6)
 * heartbeat = 0.1                   # seconds between heartbeats
 * timeout = 0.5                     # a peer silent this long is failed
 * transfer = thesis                 # or non-disruptive: moved rules take only new connections (§12.5.6)
 * </pre>
 */
public record GatewayConfig(int node, List<InetSocketAddress> control, String internalInterface,
        String externalInterface, List<InetAddress> service, long pollNanos, long heartbeatNanos,
        long timeoutNanos, TransferMode transfer) {

    /** The thesis's transfers. */
    public GatewayConfig(int node, List<InetSocketAddress> control, String internalInterface,
            String externalInterface, List<InetAddress> service, long pollNanos, long heartbeatNanos,
            long timeoutNanos) {
        this(node, control, internalInterface, externalInterface, service, pollNanos, heartbeatNanos, timeoutNanos,
                TransferMode.THESIS);
    }

    public GatewayConfig {
        java.util.Objects.requireNonNull(transfer, "transfer");
        control = List.copyOf(control);
        service = List.copyOf(service);
        if (control.size() < 1 || control.size() > 512) {
            throw new IllegalArgumentException("control must list 1 to 512 node addresses");
        }
        if (node < 0 || node >= control.size()) {
            throw new IllegalArgumentException("node " + node + " is not among the " + control.size()
                    + " control addresses");
        }
        if (heartbeatNanos <= 0 || timeoutNanos < 2 * heartbeatNanos) {
            throw new IllegalArgumentException("timeout must be at least two heartbeats");
        }
    }

    /** The time within which a failed node is detected: the timeout plus one check of the event loop. */
    public long detectionNanos() {
        return timeoutNanos + heartbeatNanos;
    }

    public static GatewayConfig read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        int number = 0;
        for (String line : Files.readAllLines(file)) {
            number++;
            String text = line.replaceFirst("#.*", "").strip();
            if (text.isEmpty()) {
                continue;
            }
            int eq = text.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(file + ": line " + number + ": expected key = value");
            }
            values.put(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
        }
        try {
            List<InetSocketAddress> control = new ArrayList<>();
            for (String address : list(values, "control")) {
                int colon = address.lastIndexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException("control address " + address + " has no port");
                }
                control.add(new InetSocketAddress(InetAddress.getByName(address.substring(0, colon)),
                        Integer.parseInt(address.substring(colon + 1))));
            }
            List<InetAddress> service = new ArrayList<>();
            for (String address : list(values, "service")) {
                service.add(InetAddress.getByName(address));
            }
            return new GatewayConfig(Integer.parseInt(required(values, "node")), control,
                    name(values, "internal-interface"), name(values, "external-interface"), service,
                    seconds(values, "poll", "1"), seconds(values, "heartbeat", "0.1"),
                    seconds(values, "timeout", "0.5"),
                    TransferMode.of(values.getOrDefault("transfer", TransferMode.THESIS.key())));
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException(file + ": a number or address is malformed: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    private static List<String> list(Map<String, String> values, String key) {
        return List.of(required(values, key).split("\\s*,\\s*"));
    }

    private static String name(Map<String, String> values, String key) {
        String value = required(values, key);
        if (!value.matches("[A-Za-z0-9_.-]{1,15}")) {
            throw new IllegalArgumentException(key + " is not an interface name: " + value);
        }
        return value;
    }

    private static long seconds(Map<String, String> values, String key, String otherwise) {
        double seconds = Double.parseDouble(values.getOrDefault(key, otherwise));
        if (!(seconds >= 0.001 && seconds <= 3600)) {
            throw new IllegalArgumentException(key + " outside 0.001 .. 3600 s");
        }
        return (long) (seconds * 1e9);
    }
}
