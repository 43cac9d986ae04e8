package org.unveil.stream.capture;

import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.unveil.capture.SplitCapture;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.trace.ParallelTracer;
import org.unveil.trace.TraceQuery;

/**
 * The capture jobs' entry point for {@code flink run}: {@code --job trace (--xff A | --header 'N: R' | --payload R |
 * --ip A)} or {@code --job hosts [--address A]}, then {@code --store postgresql://… [--run NAME] [--bpf EXPR]
 * [--memory BYTES] --input PATH [--input PATH …]} (a PATH may be a folder). The results go to PostgreSQL as
 * `--store` writes them from the commands; parallelism is the cluster's ({@code flink run -p}), and each file is
 * split in up to that many parts. The files must be readable at the same paths on the client, which plans the
 * parts, and on every TaskManager (a shared file system).
 */
public final class CaptureJobMain {
    private CaptureJobMain() {
    }

    /** Submits the job to the cluster {@code flink run} names (or runs it locally outside one). */
    public static void main(String[] args) throws Exception {
        // --input may come many times: taken out here, the rest read by Flink's ParameterTool (one value a key)
        List<String> inputs = new java.util.ArrayList<>();
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--input") && i + 1 < args.length) {
                inputs.add(args[++i]);
            } else {
                rest.add(args[i]);
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("--input: no capture file or folder given");
        }
        ParameterTool p = ParameterTool.fromArgs(rest.toArray(String[]::new));
        String job = p.getRequired("job");
        List<String> files = CaptureFiles.expand(inputs);
        if (files.stream().map(f -> java.nio.file.Path.of(f).toAbsolutePath().normalize()).distinct().count()
                < files.size()) {
            throw new IllegalArgumentException("--input: a file is named twice (each input is read once)");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        CaptureJobs.Options options = new CaptureJobs.Options(env.getParallelism(),
                p.getLong("min-part", SplitCapture.MIN_PART), p.getLong("memory", ParallelTracer.DEFAULT_MEMORY));
        List<FilePart> parts = CaptureJobs.plan(files, options,
                (file, message) -> System.err.println("unveil: " + message));
        String bpf = p.get("bpf");
        switch (job) {
            case "trace" -> {
                QuerySpec spec = query(p);
                CaptureJobs.Store store = new CaptureJobs.Store(p.getRequired("store"),
                        p.get("run", "trace " + spec.compile().description()));
                store.prepare();
                CaptureJobs.stored(TraceJob.define(env, parts, spec, bpf, options), store, RunTable.CONNECTIONS);
                env.execute(TraceJob.NAME);
            }
            case "hosts" -> {
                String address = p.get("address");
                AddressKey only = null;
                if (address != null) {
                    long[] a = IpAddresses.parse(address);
                    if (a == null) {
                        throw new IllegalArgumentException("--address: '" + address + "' is not an address");
                    }
                    only = new AddressKey(a[0], a[1]);
                }
                CaptureJobs.Store store = new CaptureJobs.Store(p.getRequired("store"),
                        p.get("run", address == null ? "hosts" : "hosts " + address));
                store.prepare();
                CaptureJobs.stored(HostsJob.define(env, parts, bpf, only, options), store, RunTable.ADDRESSES);
                env.execute(HostsJob.NAME);
            }
            default -> throw new IllegalArgumentException("--job: '" + job + "' is not trace or hosts");
        }
    }

    private static QuerySpec query(ParameterTool p) {
        if (p.has("xff")) {
            return new QuerySpec(TraceQuery.Kind.FORWARDED_FOR, p.get("xff"));
        }
        if (p.has("header")) {
            return new QuerySpec(TraceQuery.Kind.HEADER, p.get("header"));
        }
        if (p.has("payload")) {
            return new QuerySpec(TraceQuery.Kind.PAYLOAD, p.get("payload"));
        }
        if (p.has("ip")) {
            return new QuerySpec(TraceQuery.Kind.ADDRESS, p.get("ip"));
        }
        throw new IllegalArgumentException("--job trace needs --xff, --header, --payload or --ip");
    }
}
