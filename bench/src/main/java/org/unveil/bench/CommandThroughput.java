package org.unveil.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.unveil.cli.Unveil;

/**
 * Steady-state throughput of the commands that bench/run also times as whole processes: each command runs
 * again and again in one JVM, so the JVM's start-up and the JIT's warm-up, which are most of a whole run over
 * 1 GiB on two cores, are left out. What a capture of 100 GB sees; bench/run prints both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
public class CommandThroughput {
    /** The command line, less its capture and --quiet. */
    @Param({"stats --threads 1", "stats --threads 2", "trace --xff 203.0.113.62 --threads 1",
        "trace --xff 203.0.113.62 --threads 2", "hosts"})
    public String command;

    /** The page-cached capture every command reads (bench/run passes the 1 GiB benchmark capture). */
    @Param("bench/out/bench.pcap")
    public String capture;

    private String[] args;
    private final PrintStream noErrors = new PrintStream(OutputStream.nullOutputStream());

    @Setup
    public void setUp() {
        if (!Files.isReadable(Path.of(capture))) {
            throw new IllegalStateException("no capture at " + capture + " (bench/run generates it)");
        }
        List<String> line = new ArrayList<>(List.of(command.split(" ")));
        line.add("--quiet");
        line.add(capture);
        args = line.toArray(String[]::new);
    }

    @Benchmark
    public int run() {
        int exit = Unveil.run(args, OutputStream.nullOutputStream(), noErrors);
        if (exit != 0) {
            throw new IllegalStateException("unveil " + String.join(" ", args) + " exited " + exit);
        }
        return exit;
    }
}
