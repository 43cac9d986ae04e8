package org.unveil.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.Rng;

/**
 * Writes a deterministic, realistic classic pcap of a chosen size: the same seed gives the same bytes.
 * Memory stays constant at any size, since every packet is built in one reused array.
 *
 * <pre>
 * java -cp ... org.unveil.bench.BenchCaptureGenerator --out FILE --size BYTES [--seed N] [--balancer]
 * java -cp ... org.unveil.bench.BenchCaptureGenerator --out demo.pcap --demo
 * </pre>
 */
public final class BenchCaptureGenerator {
    /** Size of the demo capture unless --size says otherwise. */
    public static final long DEMO_SIZE = 300_000;
    private static final int SNAPLEN = 262_144;
    private static final int PCAP_FILE_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;

    /** What a run wrote. */
    public record Result(long packets, long bytes) {
    }

    private BenchCaptureGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        long size = -1;
        long seed = 1;
        boolean demo = false;
        boolean balancer = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i));
                case "--size" -> size = parseSize(value(args, ++i));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                case "--demo" -> demo = true;
                case "--balancer" -> balancer = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (out == null || (size < 0 && !demo) || (balancer && (demo || size < 0))) {
            usage("--out and --size (or --demo) are required, --balancer needs --size and not --demo");
        }
        long started = System.nanoTime();
        Result r = balancer ? generateBalancer(out, size, seed)
                : generate(out, size < 0 ? DEMO_SIZE : size, seed, demo);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf(Locale.ROOT, "wrote %s: %,d packets, %,d bytes (%.0f bytes/packet) in %.2f s, %.0f MB/s%n",
                out, r.packets(), r.bytes(), (double) (r.bytes() - PCAP_FILE_HEADER) / Math.max(1, r.packets())
                        - PCAP_RECORD_HEADER, seconds, r.bytes() / 1e6 / seconds);
    }

    /**
     * Writes a capture of at most {@code size} bytes (stopping before the packet that would pass it).
     *
     * @param demo the small demo network instead of the benchmark's
     */
    public static Result generate(Path out, long size, long seed, boolean demo) throws IOException {
        Rng rng = new Rng(seed);
        return write(out, size, new TrafficMix(demo ? Network.demo(rng) : Network.bench(rng), rng));
    }

    /**
     * Writes the small-packet capture of a load balancer's back side ({@link BalancerMix}): about 250 bytes a
     * packet, nearly all of them HTTP requests naming their user in X-Forwarded-For.
     */
    public static Result generateBalancer(Path out, long size, long seed) throws IOException {
        Rng rng = new Rng(seed);
        return write(out, size, new BalancerMix(Network.balancer(rng), rng));
    }

    private static Result write(Path out, long size, Traffic mix) throws IOException {
        FrameWriter w = new FrameWriter();
        MemorySegment frame = MemorySegment.ofArray(w.frame);
        Packet packet = new Packet();
        long written = PCAP_FILE_HEADER;
        long packets = 0;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
                PcapWriter pcap = new PcapWriter(file, LinkType.ETHERNET, SNAPLEN)) {
            while (true) {
                long timestamp = mix.next(w);
                int length = w.length();
                if (written + PCAP_RECORD_HEADER + length > size) {
                    break;
                }
                packet.set(++packets, timestamp, LinkType.ETHERNET, 0, written, frame, 0, length, length);
                pcap.write(packet);
                written += PCAP_RECORD_HEADER + length;
            }
        }
        return new Result(packets, written);
    }

    /** Bytes, with an optional binary suffix: 300K, 100M, 1G. */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        int shift = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        return Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1)) << shift;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("BenchCaptureGenerator: " + problem);
        System.err.println("usage: BenchCaptureGenerator --out FILE (--size BYTES[K|M|G] [--seed N] [--balancer] | --demo [--size N])");
        System.exit(2);
    }
}
