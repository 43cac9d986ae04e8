package org.unveil.capture.oracle;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Connections as tshark names them, for oracle tests that compare which connections a display filter selects:
 * the fields to ask for and a canonical "a:port b:port" form (smaller end first) both sides can be put in.
 */
public final class TsharkConnections {
    /** The {@code -T fields} arguments whose output {@link #parse} reads. */
    public static final List<String> FIELDS = List.of("-T", "fields", "-e", "ip.src", "-e", "tcp.srcport", "-e",
            "ip.dst", "-e", "tcp.dstport", "-e", "ipv6.src", "-e", "ipv6.dst");

    private TsharkConnections() {
    }

    /** The distinct connections of tshark's output, canonical. */
    public static Set<String> parse(String output) {
        Set<String> pairs = new TreeSet<>();
        for (String line : output.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 6 || f[1].isEmpty()) {
                continue;
            }
            String src = f[0].isEmpty() ? f[4] : f[0];
            String dst = f[2].isEmpty() ? f[5] : f[2];
            // tunnelled packets list each layer's address: the innermost is the connection's
            src = src.substring(src.lastIndexOf(',') + 1);
            dst = dst.substring(dst.lastIndexOf(',') + 1);
            pairs.add(pair(src, Integer.parseInt(f[1]), dst, Integer.parseInt(f[3])));
        }
        return pairs;
    }

    /** One connection, canonical: the smaller "address:port" first. */
    public static String pair(String a, int ap, String b, int bp) {
        String x = a + ":" + ap;
        String y = b + ":" + bp;
        return x.compareTo(y) < 0 ? x + " " + y : y + " " + x;
    }
}
