package org.unveil.labels;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.unveil.capture.io.TextLines;

/**
 * Reads and writes the label CSVs that the testbed and the synthetic generator produce and that accuracy checks
 * read. The column names are a contract: {@link #NAT_COLUMNS} and {@link #LB_COLUMNS}, exactly. Times are epoch
 * seconds with six decimals; proto is written as tcp/udp/icmp (or the number) and read either way.
 */
public final class LabelCsv {
    public static final String NAT_COLUMNS = "first_time,proto,src,sport,dst,dport,host";
    public static final String LB_COLUMNS =
            "front_first_time,client,client_port,vip,vip_port,back_first_time,proxy,proxy_port,backend,backend_port";

    private LabelCsv() {
    }

    public static void writeNatHeader(Writer out) throws IOException {
        out.write(NAT_COLUMNS + "\n");
    }

    public static void write(Writer out, NatLabel l) throws IOException {
        out.write(time(l.firstMicros()) + "," + protoName(l.proto()) + "," + l.src().getHostAddress() + ","
                + l.sport() + "," + l.dst().getHostAddress() + "," + l.dport() + "," + l.host().getHostAddress()
                + "\n");
    }

    public static void writeLbHeader(Writer out) throws IOException {
        out.write(LB_COLUMNS + "\n");
    }

    public static void write(Writer out, LbLabel l) throws IOException {
        out.write(time(l.frontFirstMicros()) + "," + l.client().getHostAddress() + "," + l.clientPort() + ","
                + l.vip().getHostAddress() + "," + l.vipPort() + "," + time(l.backFirstMicros()) + ","
                + l.proxy().getHostAddress() + "," + l.proxyPort() + "," + l.backend().getHostAddress() + ","
                + l.backendPort() + "\n");
    }

    /** @throws IOException "file: line N: what" for a missing file, a wrong header or the first bad row */
    public static List<NatLabel> readNat(Path file) throws IOException {
        List<NatLabel> labels = new ArrayList<>();
        read(file, NAT_COLUMNS, c -> labels.add(new NatLabel(micros(c[0]), proto(c[1]), address(c[2]), port(c[3]),
                address(c[4]), port(c[5]), address(c[6]))));
        return labels;
    }

    /** @throws IOException "file: line N: what" for a missing file, a wrong header or the first bad row */
    public static List<LbLabel> readLb(Path file) throws IOException {
        List<LbLabel> labels = new ArrayList<>();
        read(file, LB_COLUMNS, c -> labels.add(new LbLabel(micros(c[0]), address(c[1]), port(c[2]), address(c[3]),
                port(c[4]), micros(c[5]), address(c[6]), port(c[7]), address(c[8]), port(c[9]))));
        return labels;
    }

    private interface RowSink {
        void accept(String[] cells);
    }

    private static void read(Path file, String columns, RowSink sink) throws IOException {
        String[] expected = columns.split(",");
        try (TextLines in = TextLines.open(file)) {
            String header = in.next();
            if (header == null || !Arrays.equals(cells(header), expected)) {
                throw new IOException(file + ": line 1: expected the header " + columns);
            }
            String line;
            while ((line = in.next()) != null) {
                int number = in.number();
                if (line.isBlank()) {
                    continue;
                }
                String[] c = cells(line);
                if (c.length != expected.length) {
                    throw new IOException(file + ": line " + number + ": " + c.length + " values, expected "
                            + expected.length);
                }
                try {
                    sink.accept(c);
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": line " + number + ": " + e.getMessage());
                }
            }
        }
    }

    private static String[] cells(String line) {
        String[] c = line.split(",", -1);
        for (int i = 0; i < c.length; i++) {
            c[i] = c[i].trim();
        }
        return c;
    }

    /** Epoch seconds with six decimals, as every label and flow CSV writes times. */
    public static String time(long micros) {
        return Math.floorDiv(micros, 1_000_000) + "." + String.format(Locale.ROOT, "%06d",
                Math.floorMod(micros, 1_000_000));
    }

    static long micros(String text) {
        int dot = text.indexOf('.');
        try {
            if (dot < 0) {
                return Math.multiplyExact(Long.parseLong(text), 1_000_000L);
            }
            String fraction = (text.substring(dot + 1) + "000000").substring(0, 6);
            return Math.addExact(Math.multiplyExact(Long.parseLong(text.substring(0, dot)), 1_000_000L),
                    Long.parseLong(fraction));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time in epoch seconds");
        }
    }

    /** tcp, udp, icmp, icmpv6, or the number. */
    public static String protoName(int proto) {
        return switch (proto) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "icmpv6";
            default -> Integer.toString(proto);
        };
    }

    static int proto(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "icmp" -> 1;
            case "tcp" -> 6;
            case "udp" -> 17;
            case "icmpv6" -> 58;
            default -> {
                int p = number(text, "protocol");
                if (p > 255) {
                    throw new IllegalArgumentException("protocol " + p + " is over 255");
                }
                yield p;
            }
        };
    }

    static int port(String text) {
        int p = number(text, "port");
        if (p > 65535) {
            throw new IllegalArgumentException("port " + p + " is over 65535");
        }
        return p;
    }

    private static int number(String text, String what) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + what);
        }
    }

    /** Literal addresses only: a label must never trigger a name lookup. */
    static InetAddress address(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
    }
}
