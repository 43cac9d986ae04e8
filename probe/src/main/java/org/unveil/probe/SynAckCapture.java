package org.unveil.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

/**
 * Captures the SYN-ACKs of the probe's own connections to one target with tcpdump (its pcap on a pipe, decoded by
 * the capture module), by the local port each went to. Only SYN-ACKs from the target's address and port are asked
 * for, so nothing else on the host is read. Memory: one small record per connection, bounded by the budget.
 */
final class SynAckCapture implements AutoCloseable {
    private static final long READY_SECONDS = 5;
    private static final long DRAIN_MILLIS = 200;

    private final Process tcpdump;
    private final Map<Integer, SynAck> byPort = new ConcurrentHashMap<>();
    private final Thread reader;
    private final List<String> messages = new ArrayList<>();

    private SynAckCapture(Process tcpdump) {
        this.tcpdump = tcpdump;
        this.reader = Thread.ofPlatform().daemon().name("probe-capture").start(this::read);
    }

    /** Starts capturing for {@code target}; a plain-words {@link Failed} when tcpdump cannot. */
    static SynAckCapture start(Target target) throws IOException, InterruptedException {
        if (!(target.address() instanceof Inet4Address)) {
            throw new Failed("--tcp reads IPv4 targets only");
        }
        int port = target.url().getPort() >= 0 ? target.url().getPort()
                : target.url().getScheme().equalsIgnoreCase("https") ? 443 : 80;
        String filter = "tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack) and src host "
                + target.address().getHostAddress() + " and src port " + port;
        Process p;
        try {
            p = new ProcessBuilder("tcpdump", "-i", "any", "-n", "-U", "--immediate-mode", "-s", "160", "-w",
                    "-", filter).start();
        } catch (IOException e) {
            throw new Failed("--tcp needs tcpdump, which cannot be run here");
        }
        SynAckCapture c = new SynAckCapture(p);
        if (!c.awaitListening()) {
            c.close();
            String why = c.lastMessage();
            throw new Failed("tcpdump could not capture" + (why.isEmpty() ? "" : ": " + why));
        }
        return c;
    }

    private boolean awaitListening() throws InterruptedException {
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofPlatform().daemon().name("probe-capture-log").start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(tcpdump.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (messages) {
                        messages.add(line.strip());
                    }
                    if (line.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // tcpdump ended: what it said is kept
            }
        });
        return listening.await(READY_SECONDS, TimeUnit.SECONDS) && tcpdump.isAlive();
    }

    private String lastMessage() {
        synchronized (messages) {
            return messages.isEmpty() ? "" : messages.getLast().replaceFirst("^tcpdump: ", "");
        }
    }

    private void read() {
        try (CaptureReader in = Captures.open(tcpdump.getInputStream(), "tcpdump", ProblemListener.IGNORE)) {
            Packet packet = new Packet();
            PacketLayers layers = new PacketLayers();
            while (in.next(packet)) {
                PacketDecoder.decode(packet, layers);
                if (layers.hasTcp() && layers.ipVersion() == 4) {
                    TcpHeader t = layers.tcp();
                    // loopback shows a packet twice on "any": the first copy is kept
                    byPort.putIfAbsent(t.destinationPort(), new SynAck(packet.timestampNanos(), layers.ipv4().ttl(),
                            t.window(), options(t), t.hasTimestamps() ? t.tsval() : -1));
                    synchronized (byPort) {
                        byPort.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the pipe closed: what was read is kept
        }
    }

    private static String options(TcpHeader t) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.optionCount(); i++) {
            int kind = t.optionKind(i);
            b.append(b.isEmpty() ? "" : ",").append(switch (kind) {
                case TcpHeader.OPTION_MSS -> "mss" + t.mss();
                case TcpHeader.OPTION_WINDOW_SCALE -> "ws" + t.windowScale();
                case TcpHeader.OPTION_SACK_PERMITTED -> "sack";
                case TcpHeader.OPTION_TIMESTAMPS -> "ts";
                case TcpHeader.OPTION_NOP -> "nop";
                default -> "k" + kind;
            });
        }
        return b.toString();
    }

    /**
     * The SYN-ACK of the connection from {@code localPort}, waiting up to {@code millis} for it: it came before the
     * response did, but tcpdump's pipe may still hold it. Null if it was not captured in that time.
     */
    SynAck await(int localPort, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (byPort) {
            for (SynAck s; (s = byPort.get(localPort)) == null; ) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0 || !reader.isAlive()) {
                    return null;
                }
                byPort.wait(left);
            }
            return byPort.get(localPort);
        }
    }

    /** The SYN-ACKs captured so far, by the local port they went to; call after {@link #close()} for all. */
    Map<Integer, SynAck> byPort() {
        return Map.copyOf(byPort);
    }

    /** Ends tcpdump (it flushes on SIGTERM) and waits for the last packets to be read. */
    @Override
    public void close() throws InterruptedException {
        // packets still on their way from the kernel's ring: a moment for them before tcpdump is ended
        Thread.sleep(DRAIN_MILLIS);
        tcpdump.destroy();
        if (!tcpdump.waitFor(5, TimeUnit.SECONDS)) {
            tcpdump.destroyForcibly();
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
    }
}
