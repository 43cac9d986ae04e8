package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.LinkType;
import org.unveil.capture.Timestamps;
import org.unveil.capture.pipeline.FileOutcome;
import org.unveil.capture.summary.CaptureSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil info`: format, link types, counts, time span and damage of each capture, like capinfos. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Summarise captures: format, link types, packets, bytes, first/last time, damage.",
        footer = {"", "Example:  unveil info trace.pcapng big.pcap.gz --json", "", ExitCode.HELP})
final class InfoCommand extends OutputCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Captures (pcap, pcapng, gzip of either, - for stdin).")
    List<String> files;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    InfoCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        OutputFiles.Output target = files(files).report(output);
        CaptureRun run = new CaptureRun(stderr, output.quiet);
        List<Map<String, Object>> reports = new ArrayList<>();
        for (String file : files) {
            CaptureSummary summary = new CaptureSummary();
            Map<String, Object> report = new LinkedHashMap<>();
            FileOutcome read = run.read(file, summary::add);
            report.put("file", file);
            if (!read.opened()) {
                report.put("error", run.problems().drain().getFirst());
            } else {
                report.put("format", read.format().label());
                describe(summary, report);
                report.put("problems", run.problems().drain());
            }
            reports.add(report);
        }
        try (OutputFiles.Sink out = target.open(stdout)) {
            if (json) {
                JsonOutput.write(out, Map.of("files", reports));
            } else {
                out.write(text(reports).getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        }
        return run.exitCode();
    }

    private static void describe(CaptureSummary s, Map<String, Object> report) {
        List<Map<String, Object>> links = new ArrayList<>();
        for (int type : s.linkTypes()) {
            links.add(Map.of("linkType", type, "name", LinkType.name(type), "packets", s.packetsOfLinkType(type),
                    "decoded", LinkType.isDecoded(type)));
        }
        report.put("linkTypes", links);
        report.put("packets", s.packets());
        report.put("capturedBytes", s.capturedBytes());
        report.put("wireBytes", s.wireBytes());
        report.put("firstTime", s.packets() == 0 ? null : Timestamps.epoch(s.firstNanos()));
        report.put("lastTime", s.packets() == 0 ? null : Timestamps.epoch(s.lastNanos()));
        report.put("firstTimeIso", s.packets() == 0 ? null : iso(s.firstNanos()));
        report.put("lastTimeIso", s.packets() == 0 ? null : iso(s.lastNanos()));
        report.put("durationSeconds", s.durationNanos() / 1e9);
        report.put("truncated", s.truncated());
        report.put("undecodable", s.undecodable());
    }

    private static String iso(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                .toString();
    }

    /** "2023-11-14T22:13:20Z  (1700000000.000000000)", or "none" for a capture without packets. */
    private static String when(Map<String, Object> r, String which) {
        Object epoch = r.get(which + "Time");
        return epoch == null ? "none (no packets)" : r.get(which + "TimeIso") + "  (" + epoch + ")";
    }

    @SuppressWarnings("unchecked")
    private static String text(List<Map<String, Object>> reports) {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> r : reports) {
            out.append("file:           ").append(r.get("file")).append('\n');
            if (r.containsKey("error")) {
                out.append("error:          ").append(r.get("error")).append("\n\n");
                continue;
            }
            out.append("format:         ").append(r.get("format")).append('\n');
            out.append("link types:     ");
            List<Map<String, Object>> links = (List<Map<String, Object>>) r.get("linkTypes");
            for (int i = 0; i < links.size(); i++) {
                Map<String, Object> l = links.get(i);
                out.append(i == 0 ? "" : ", ").append(l.get("name")).append(" (").append(l.get("linkType"))
                        .append(")").append(Boolean.TRUE.equals(l.get("decoded")) ? "" : " not decoded")
                        .append(": ").append(l.get("packets")).append(" packets");
            }
            out.append('\n');
            out.append("packets:        ").append(r.get("packets")).append('\n');
            out.append("captured bytes: ").append(r.get("capturedBytes")).append('\n');
            out.append("wire bytes:     ").append(r.get("wireBytes")).append('\n');
            out.append("first packet:   ").append(when(r, "first")).append('\n');
            out.append("last packet:    ").append(when(r, "last")).append('\n');
            out.append("duration:       ").append(String.format(java.util.Locale.ROOT, "%.6f s", (Double) r.get("durationSeconds"))).append('\n');
            out.append("truncated:      ").append(r.get("truncated")).append('\n');
            out.append("undecodable:    ").append(r.get("undecodable")).append('\n');
            List<String> problems = (List<String>) r.get("problems");
            out.append("problems:       ").append(problems.size()).append("\n\n");
        }
        return out.toString();
    }
}
