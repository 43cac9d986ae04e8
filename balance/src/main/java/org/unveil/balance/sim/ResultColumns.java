package org.unveil.balance.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one list of what a run reports, under its JSON name (a dotted path: "full.peakBps" nests) and its CSV
 * column, so that `balance simulate --json` and `--csv` can never disagree on what they hold. The names are a
 * contract (README): new measures go at the end.
 */
public final class ResultColumns {
    /** One measure of a run. */
    public record Column(String json, String csv, Function<RunResult, Object> value) {
    }

    public static final List<Column> ALL = List.of(
            new Column("scheduler", "scheduler", RunResult::scheduler),
            new Column("nodes", "nodes", RunResult::nodes),
            new Column("full.peakBps", "full_peak_bps", r -> r.full().peakBps()),
            new Column("full.stddev", "full_stddev", r -> r.full().stddev()),
            new Column("full.peakFraction", "full_peak_fraction", r -> r.full().peakFraction()),
            new Column("stable.peakBps", "stable_peak_bps", r -> r.stable().peakBps()),
            new Column("stable.stddev", "stable_stddev", r -> r.stable().stddev()),
            new Column("stable.peakFraction", "stable_peak_fraction", r -> r.stable().peakFraction()),
            new Column("jain", "jain", RunResult::jain),
            new Column("maxOverMean", "max_over_mean", RunResult::maxOverMean),
            new Column("coefficientOfVariation", "cv", RunResult::coefficientOfVariation),
            new Column("full.p99", "p99", r -> r.full().p99()),
            new Column("brokenByTransfer", "broken_by_transfer", RunResult::brokenByTransfer),
            new Column("brokenByFailure", "broken_by_failure", RunResult::brokenByFailure),
            new Column("remappedFlows", "remapped_flows", RunResult::remappedFlows),
            new Column("remapIdeal", "remap_ideal", RunResult::remapIdeal),
            new Column("controlMessages", "control_messages", RunResult::controlMessages),
            new Column("packets", "packets", RunResult::packets),
            new Column("bytes", "bytes", RunResult::bytes),
            new Column("stable.p99", "stable_p99", r -> r.stable().p99()),
            new Column("brokenConnections", "broken_connections", RunResult::brokenConnections),
            new Column("connections", "connections", RunResult::connections));

    private ResultColumns() {
    }

    /** A run as nested maps for a JSON writer; a measure with no data (NaN: no stable period reached) is null. */
    public static Map<String, Object> json(RunResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column c : ALL) {
            Map<String, Object> at = out;
            String[] path = c.json().split("\\.");
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
                at = inner;
            }
            Object v = c.value().apply(r);
            at.put(path[path.length - 1], v instanceof Double d && !Double.isFinite(d) ? null : v);
        }
        return out;
    }

    /** A header row and one row per run; numbers with six significant digits. */
    public static String csv(List<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", ALL.stream().map(Column::csv).toList())).append('\n');
        for (RunResult r : results) {
            for (int i = 0; i < ALL.size(); i++) {
                Object v = ALL.get(i).value().apply(r);
                out.append(i == 0 ? "" : ",").append(v instanceof Double d ? String.format(Locale.ROOT, "%.6g", d) : v);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The thesis's Table 12 with Jain's index, broken connections and remapped flows beside it. */
    public static String table(List<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%5s %-11s | %-28s | %-28s | %6s %8s %8s%n", "", "",
                "Full period", "Stable period (after 180 s)", "", "", ""));
        out.append(String.format(Locale.ROOT, "%5s %-11s | %10s %8s %8s | %10s %8s %8s | %6s %8s %8s%n", "Nodes",
                "Model", "Peak(Bps)", "StdDev", "Peak(fr)", "Peak(Bps)", "StdDev", "Peak(fr)", "Jain", "Broken",
                "Remapped"));
        for (RunResult r : results) {
            out.append(String.format(Locale.ROOT, "%5d %-11s | %10.0f %8.4f %8.3f | %10.0f %8.4f %8.3f | %6.3f %8d %8.3f%n",
                    r.nodes(), r.scheduler(), r.full().peakBps(), r.full().stddev(), r.full().peakFraction(),
                    r.stable().peakBps(), r.stable().stddev(), r.stable().peakFraction(), r.jain(),
                    r.brokenConnections(), r.remappedFlows()));
        }
        return out.toString();
    }
}
