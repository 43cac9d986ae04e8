package org.unveil.synth.traffic;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.unveil.synth.model.HostProfile;
import org.unveil.synth.model.Ipv4;
import org.unveil.generator.stack.TcpClockModel;

/**
 * The truth about every host and server of a synthetic capture, one row each, so accuracy checks can compare
 * clocks and stacks, not just which flow came from which host. The header is {@link #COLUMNS}.
 */
public final class HostsCsv {
    public static final String COLUMNS = "role,address,family,ipid,ts_hz,skew_ppm,ts_offset_mode,ts_offset,"
            + "ts_granularity_us,reboots,ttl,window,mss,wscale,options,ports,user_agent,tls";

    private HostsCsv() {
    }

    public static void write(Writer out, List<HostProfile> hosts, List<HostProfile> servers) throws IOException {
        out.write(COLUMNS + "\n");
        for (HostProfile h : hosts) {
            row(out, "host", h);
        }
        for (HostProfile s : servers) {
            row(out, "server", s);
        }
        out.flush();
    }

    private static void row(Writer out, String role, HostProfile h) throws IOException {
        TcpClockModel c = h.clock();
        boolean ts = c.enabled();
        StringJoiner reboots = new StringJoiner(";");
        for (long r : c.rebootNanos()) {
            reboots.add(String.format(Locale.ROOT, "%d.%06d", Math.floorDiv(r, 1_000_000_000L),
                    Math.floorMod(r, 1_000_000_000L) / 1000));
        }
        String[] cells = {role, Ipv4.format(h.address()), h.family(), h.ipid().label(), Integer.toString(c.hz()),
            ts ? String.format(Locale.ROOT, "%.3f", c.skewPpm()) : "", ts ? c.offset().label() : "",
            ts && c.offset() == TcpClockModel.Offset.PER_HOST ? Long.toString(Endpoint.hostOffset(h.secret(), 0))
                : "",
            ts ? String.format(Locale.ROOT, "%.3f", c.granularityNanos() / 1000.0) : "", reboots.toString(),
            Integer.toString(h.syn().ttl()), Integer.toString(h.syn().window()), Integer.toString(h.syn().mss()),
            Integer.toString(h.syn().windowScale()), h.syn().layout().name().toLowerCase(Locale.ROOT),
            h.ports().label(), h.userAgent(), h.tls().name()};
        StringJoiner line = new StringJoiner(",", "", "\n");
        for (String cell : cells) {
            line.add(quote(cell));
        }
        out.write(line.toString());
    }

    /** RFC 4180: a cell with a comma or a quote is quoted, its quotes doubled (User-Agents have commas). */
    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
