package org.unveil.scan.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.unveil.scan.block.Ranges;
import org.unveil.scan.block.TargetPlan;
import org.unveil.scan.ingest.Format;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.ingest.ResponseSink;

/**
 * Runs zmap on a plan: the allowed ranges as its allow list, Unveil's block list in place of /etc/zmap's, csv on
 * stdout read as it comes into a sink, status lines from stderr to a progress callback, metadata kept.
 */
public final class ZmapRunner {
    private ZmapRunner() {
    }

    /** zmap could not be run or failed; the message is one plain line. */
    public static final class Failed extends Exception {
        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** What a run did: zmap's metadata JSON (or null), the last status, and the ingest of its output. */
    public record Outcome(String metadata, ZmapStatus last, Ingest.Result ingest, List<String> arguments) {
    }

    /** The version of the zmap that {@code command} runs. */
    public static ZmapVersion version(List<String> command) throws Failed {
        List<String> args = new ArrayList<>(command);
        args.add("--version");
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            ZmapVersion v = ZmapVersion.parse(out);
            if (v == null) {
                throw new Failed(String.join(" ", command) + " --version printed no zmap version");
            }
            return v;
        } catch (IOException e) {
            throw new Failed("cannot run " + String.join(" ", command) + " (is zmap installed? apt-get install zmap)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
    }

    /** zmap's arguments for {@code options}, with its files in {@code dir}. */
    static List<String> arguments(ZmapOptions o, ZmapVersion v, Path allow, Path block, Path metadata) {
        List<String> a = new ArrayList<>(o.command());
        a.addAll(List.of("-M", o.probe().label()));
        if (o.probe().needsPort()) {
            a.addAll(List.of("-p", Integer.toString(o.port())));
        }
        if (o.bandwidth() != null) { // zmap derives its packet rate from the bandwidth and the probe's size
            a.addAll(List.of("-B", o.bandwidth()));
        } else {
            a.addAll(List.of("-r", Long.toString(o.rate())));
        }
        a.addAll(List.of("-c", Integer.toString(o.cooldownSeconds()),
                "-w", allow.toString(), "-b", block.toString(), "-m", metadata.toString(), "-o", "-",
                "-O", "csv", "-f", String.join(",", o.probe().fields().stream().map(v::field).toList()),
                // every response, the resets too: "closed" is an answer; repeats are folded in the store
                "--output-filter=success = 1 || success = 0"));
        if (o.iface() != null) {
            a.addAll(List.of("-i", o.iface()));
        }
        if (o.sourceIp() != null) {
            a.addAll(List.of("-S", o.sourceIp()));
        }
        if (o.gatewayMac() != null) {
            a.addAll(List.of("-G", o.gatewayMac()));
        }
        if (o.seed() >= 0) {
            a.addAll(List.of("-e", Long.toString(o.seed())));
        }
        if (o.maxTargets() != null) {
            a.addAll(List.of("-n", o.maxTargets()));
        }
        if (o.shards() > 1) {
            a.addAll(List.of("--shards=" + o.shards(), "--shard=" + o.shard()));
        }
        return a;
    }

    /** Runs zmap to its end; results go to {@code sink}, status lines to {@code progress}. */
    public static Outcome run(ZmapOptions options, TargetPlan plan, Path dir, ResponseSink sink,
            Consumer<ZmapStatus> progress) throws Failed, IOException {
        ZmapVersion version = version(options.command());
        Path allow = dir.resolve("allow.txt");
        Path block = dir.resolve("block.txt");
        Path metadata = dir.resolve("metadata.json");
        Files.write(allow, Ranges.cidrs(plan.allowed()));
        Files.write(block, Ranges.cidrs(plan.blocked()));
        List<String> args = arguments(options, version, allow, block, metadata);
        Process p = new ProcessBuilder(args).start();
        p.getOutputStream().close();
        Deque<String> log = new ArrayDeque<>();
        ZmapStatus[] last = {null};
        Thread errors = Thread.ofVirtual().start(() -> {
            try (var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    ZmapStatus s = ZmapStatus.parse(line);
                    if (s != null) {
                        last[0] = s;
                        progress.accept(s);
                    } else {
                        synchronized (log) {
                            log.addLast(line);
                            if (log.size() > 20) {
                                log.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // zmap closed its stderr: the exit code tells the rest
            }
        });
        Ingest.Result result;
        try (var out = p.getInputStream()) {
            result = Ingest.read(out, "zmap", Format.ZMAP_CSV, sink, 20);
        } catch (Ingest.UnknownFormat e) {
            throw new IllegalStateException("a given format is never detected", e);
        }
        try {
            int code = p.waitFor();
            errors.join();
            if (code != 0) {
                String why;
                synchronized (log) {
                    why = log.stream().filter(l -> l.contains("FATAL") || l.contains("ERROR")).reduce((a, b) -> b)
                            .orElse(log.isEmpty() ? "no message" : log.getLast());
                }
                throw new Failed("zmap failed (exit " + code + "): " + why.replaceFirst("^.*?\\[(FATAL|ERROR)\\]\\s*", ""));
            }
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
        String meta = Files.isRegularFile(metadata) ? Files.readString(metadata).strip() : null;
        return new Outcome(meta, last[0], result, args);
    }
}
