package org.unveil.balance.traffic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.unveil.capture.io.TextLines;

/**
 * Reads a flow log: CSV with a header naming the columns {@code start,duration,proto,src,sport,dst,dport,
 * packets,bytes} (any order; start in epoch seconds, duration in seconds, both with decimals; proto a number
 * or tcp/udp/icmp; IPv4 addresses). Flows are returned in order of start time.
 */
public final class FlowCsv {
    static final List<String> COLUMNS =
            List.of("start", "duration", "proto", "src", "sport", "dst", "dport", "packets", "bytes");

    private FlowCsv() {
    }

    /** @throws IOException with "file: line N: what" for the first bad line */
    public static List<FlowRecord> read(Path file) throws IOException {
        List<FlowRecord> flows = new ArrayList<>();
        try (TextLines in = TextLines.open(file)) {
            String header = in.next();
            if (header == null) {
                throw new IOException(file + ": line 1: empty file, expected a header " + String.join(",", COLUMNS));
            }
            int[] index = columns(file, header);
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    flows.add(parse(line.split(",", -1), index));
                } catch (RuntimeException e) {
                    throw new IOException(file + ": line " + in.number() + ": " + e.getMessage());
                }
            }
        }
        flows.sort(Comparator.comparingLong(FlowRecord::startNanos));
        return flows;
    }

    private static int[] columns(Path file, String header) throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : header.split(",", -1)) {
            names.add(name.trim().toLowerCase(Locale.ROOT));
        }
        int[] index = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            index[i] = names.indexOf(COLUMNS.get(i));
            if (index[i] < 0) {
                throw new IOException(file + ": line 1: missing column '" + COLUMNS.get(i) + "' (need "
                        + String.join(",", COLUMNS) + ")");
            }
        }
        return index;
    }

    private static FlowRecord parse(String[] cells, int[] index) {
        String[] v = new String[index.length];
        for (int i = 0; i < index.length; i++) {
            if (index[i] >= cells.length) {
                throw new IllegalArgumentException("missing value for '" + COLUMNS.get(i) + "'");
            }
            v[i] = cells[index[i]].trim();
        }
        return new FlowRecord(seconds(v[0], "start"), seconds(v[1], "duration"), protocol(v[2]), ipv4(v[3]),
                port(v[4]), ipv4(v[5]), port(v[6]), number(v[7], "packets"), number(v[8], "bytes"));
    }

    private static long seconds(String text, String what) {
        try {
            return new java.math.BigDecimal(text).movePointRight(9).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number of seconds");
        }
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a whole number");
        }
    }

    private static int port(String text) {
        long port = text.isEmpty() ? 0 : number(text, "port");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 0..65535");
        }
        return (int) port;
    }

    static int protocol(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmp" -> 1;
            default -> (int) number(text, "proto");
        };
    }

    /** Dotted-quad IPv4 as an unsigned 32-bit value. */
    static long ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        long value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            value = (value << 8) | octet;
        }
        return value;
    }
}
