package org.unveil.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.frame.OptionLayout;
import org.unveil.generator.stack.Rng;
import org.unveil.generator.stack.TcpClockModel;

/**
 * Writes a pcap of many short TCP flows, for measuring how memory and time grow with flows rather than bytes:
 * a busy NAT's public address (or many addresses) opening {@code flows} connections, each a SYN and one data
 * packet, to varied destinations and ports. Behind each address a few hosts of different stacks, so the flows
 * carry what real ones do: TCP timestamps (a clock per host, or an offset per connection as Linux 6.x), IPIDs
 * (a global counter per host, a counter per connection, or random), SYN layouts and TTLs of Windows, Linux,
 * macOS and an old embedded stack, and User-Agents on port 80. Deterministic: one seed, one file. Memory is
 * constant in the flows (per-host state only); 100,000 flows take well under a second.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.unveil.bench.ManyFlowsGenerator --out F --flows N
 *     [--addresses M] [--hosts H] [--seed S]
 * </pre>
 */
public final class ManyFlowsGenerator {
    /** The first address; with several, they count up from here. */
    public static final int FIRST_ADDRESS = 0xC000_0201; // 192.0.2.1
    /** Destinations the hosts connect to. */
    private static final int SERVERS = 4096;
    /** Flows opened per second, over all addresses. */
    private static final int FLOWS_PER_SECOND = 2000;
    /** SYN to first data packet. */
    private static final long RTT_NANOS = 20_000_000L;
    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    private static final int KINDS = 4;
    /** The hosts' TCP clocks: 1 kHz (Linux) and, for one kind in four, 100 Hz (older BSDs); no skew. */
    private static final TcpClockModel CLOCK_1KHZ = new TcpClockModel(1000, 0, TcpClockModel.Offset.PER_HOST, 0,
            new long[0]);
    private static final TcpClockModel CLOCK_100HZ = new TcpClockModel(100, 0, TcpClockModel.Offset.PER_HOST, 0,
            new long[0]);
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
        "Wget/1.21.3",
    };

    /** What a run wrote. */
    public record Result(long flows, long packets, long bytes) {
    }

    private ManyFlowsGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        long flows = -1;
        int addresses = 1;
        int hosts = 8;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--flows" -> flows = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
                case "--addresses" -> addresses = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --out F --flows N [--addresses M] [--hosts H per address] [--seed S]");
            }
        }
        if (out == null || flows < 0) {
            throw new IllegalArgumentException("--out and --flows are required");
        }
        long started = System.nanoTime();
        Result r = generate(out, flows, addresses, hosts, seed);
        System.err.printf(Locale.ROOT, "wrote %s: %,d flows from %,d addresses, %,d packets, %,d bytes in %.2f s%n",
                out, r.flows(), addresses, r.packets(), r.bytes(), (System.nanoTime() - started) / 1e9);
    }

    /** The address of number {@code a} (0-based), as text. */
    public static String address(int a) {
        int v = FIRST_ADDRESS + a;
        return (v >>> 24) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
    }

    /**
     * Writes {@code flows} flows, spread evenly over {@code addresses} addresses with {@code hostsPerAddress}
     * hosts each.
     */
    public static Result generate(Path file, long flows, int addresses, int hostsPerAddress, long seed)
            throws IOException {
        try (PcapWriter out = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                LinkType.ETHERNET, 65535)) {
            return new Writer(out, addresses, hostsPerAddress, seed).write(flows);
        }
    }

    /** Per-host state in flat arrays (hosts = addresses × hosts per address), and the flows awaiting data. */
    private static final class Writer {
        private final PcapWriter out;
        private final Packet packet = new Packet();
        private final MemorySegment frame;
        private final int addresses;
        private final int hostsPerAddress;
        private final Rng rng;
        private final FrameWriter w = new FrameWriter();
        private final int[] ipid;
        private final int[] port;
        private final long[] clockOffset;
        // flows whose data packet is still to come, oldest first (a ring)
        private final int ring = 4096;
        private final long[] pendingAt = new long[ring];
        private final int[] pendingHost = new int[ring];
        private final int[] pendingServer = new int[ring];
        private final int[] pendingPort = new int[ring];
        private final int[] pendingDport = new int[ring];
        private final long[] pendingSeq = new long[ring];
        private final long[] pendingClock = new long[ring];
        private final int[] pendingIpid = new int[ring];
        private int head;
        private int size;
        private long packets;
        private long bytes = 24;

        Writer(PcapWriter out, int addresses, int hostsPerAddress, long seed) {
            this.out = out;
            this.frame = MemorySegment.ofArray(w.frame);
            this.addresses = addresses;
            this.hostsPerAddress = hostsPerAddress;
            this.rng = new Rng(seed);
            int hosts = Math.multiplyExact(addresses, hostsPerAddress);
            ipid = new int[hosts];
            port = new int[hosts];
            clockOffset = new long[hosts];
            for (int h = 0; h < hosts; h++) {
                ipid[h] = rng.nextInt(65536);
                port[h] = rng.between(49152, 65535);
                clockOffset[h] = rng.nextU32();
            }
        }

        Result write(long flows) throws IOException {
            long step = 1_000_000_000L / FLOWS_PER_SECOND;
            for (long i = 0; i < flows; i++) {
                long now = START_NANOS + i * step + rng.nextInt((int) step / 2);
                while (size > 0 && pendingAt[head] <= now) {
                    data();
                }
                if (size == ring) {
                    data();
                }
                int address = (int) (i % addresses);
                int host = address * hostsPerAddress + rng.nextInt(hostsPerAddress);
                syn(now, host);
            }
            while (size > 0) {
                data();
            }
            return new Result(flows, packets, bytes);
        }

        private int kind(int host) {
            return host % KINDS;
        }

        /** The TSval of a host's clock (per host, or per connection from {@code connectionOffset}) at a time. */
        private long tsval(int host, long nanos, long connectionOffset) {
            int k = kind(host);
            long base = k == 1 ? connectionOffset : clockOffset[host];
            return (base + (k == 3 ? CLOCK_100HZ : CLOCK_1KHZ).ticks(nanos - START_NANOS)) & 0xFFFF_FFFFL;
        }

        private int nextIpid(int host) {
            return switch (kind(host)) {
                case 0, 3 -> ipid[host] = (ipid[host] + 1) & 0xFFFF; // a counter of the host
                case 2 -> rng.nextInt(65536); // random
                default -> -1; // per connection
            };
        }

        private void syn(long now, int host) throws IOException {
            int k = kind(host);
            int server = rng.nextInt(SERVERS);
            int dport = rng.percent(30) ? 80 : 443;
            int sport;
            if (k == 0) {
                sport = port[host] = port[host] >= 65535 ? 49152 : port[host] + 1;
            } else {
                sport = rng.between(32768, 60999);
            }
            long seq = rng.nextU32();
            long connectionOffset = rng.nextU32();
            int id = nextIpid(host);
            int connectionIpid = id < 0 ? rng.nextInt(65536) : -1;
            int l4 = w.ethernet(0x0200_0000_0001L, 0x0200_0000_0002L, -1, false);
            w.ipv4(FIRST_ADDRESS + host / hostsPerAddress, server(server), ttl(host), id < 0 ? connectionIpid : id,
                    FrameWriter.PROTO_TCP, k != 3);
            boolean ts = k != 0;
            OptionLayout layout = switch (k) {
                case 0 -> OptionLayout.WINDOWS;
                case 2 -> OptionLayout.MACOS;
                default -> OptionLayout.LINUX;
            };
            int options = layout.write(w.frame, l4 + 20, 1460, k == 0 ? 8 : 7, ts, ts ? tsval(host, now,
                    connectionOffset) : 0, 0);
            int window = switch (k) {
                case 0 -> 64240;
                case 2 -> 65535;
                default -> 64240;
            };
            w.tcp(l4, sport, dport, seq, 0, 0x02, window, options);
            emit(now, w.finish(20 + options, FrameWriter.PROTO_TCP, 16));
            int slot = (head + size) % ring;
            pendingAt[slot] = now + RTT_NANOS + rng.nextInt(5_000_000);
            pendingHost[slot] = host;
            pendingServer[slot] = server;
            pendingPort[slot] = sport;
            pendingDport[slot] = dport;
            pendingSeq[slot] = seq;
            pendingClock[slot] = connectionOffset;
            pendingIpid[slot] = connectionIpid;
            size++;
        }

        private void data() throws IOException {
            long at = pendingAt[head];
            int host = pendingHost[head];
            int k = kind(host);
            int id = nextIpid(host);
            if (id < 0) {
                id = (pendingIpid[head] + 1) & 0xFFFF;
            }
            int l4 = w.ethernet(0x0200_0000_0001L, 0x0200_0000_0002L, -1, false);
            w.ipv4(FIRST_ADDRESS + host / hostsPerAddress, server(pendingServer[head]), ttl(host), id,
                    FrameWriter.PROTO_TCP, k != 3);
            int options = k == 0 ? 0 : OptionLayout.writeEstablished(w.frame, l4 + 20, tsval(host, at, pendingClock[head]),
                    rng.nextU32());
            int payload = l4 + 20 + options;
            int length;
            if (pendingDport[head] == 80) {
                byte[] head = ("GET /i/" + (at % 100_000) + " HTTP/1.1\r\nHost: s" + pendingServer[this.head]
                        + ".example\r\nUser-Agent: " + AGENTS[k] + "\r\nAccept: */*\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(head, 0, w.frame, payload, head.length);
                length = head.length;
            } else {
                length = 120;
                rng.fill(w.frame, payload, length);
                w.frame[payload] = 0x17; // TLS application data, not a ClientHello
                w.frame[payload + 1] = 3;
                w.frame[payload + 2] = 3;
            }
            w.tcp(l4, pendingPort[head], pendingDport[head], pendingSeq[head] + 1, rng.nextU32(), 0x18, 502, options);
            emit(at, w.finish(20 + options + length, FrameWriter.PROTO_TCP, 16));
            head = (head + 1) % ring;
            size--;
        }

        private int ttl(int host) {
            return switch (kind(host)) {
                case 0 -> 128;
                case 3 -> 255;
                default -> 64;
            } - 1;
        }

        private static int server(int s) {
            return 0x1400_0000 + s * 7919 % 16_777_216; // 20.x.y.z
        }

        private void emit(long nanos, int length) throws IOException {
            packet.set(++packets, nanos, LinkType.ETHERNET, 0, bytes, frame, 0, length, length);
            out.write(packet);
            bytes += 16 + length;
        }
    }
}
