package org.unveil.proxy.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TCP_REPAIR as CRIU's libsoccr uses it: reading what a live socket's peer has agreed on (sequence numbers,
 * options, window, timestamp clock) and making a socket in another namespace that carries the same connection
 * on without a handshake. Needs CAP_NET_ADMIN.
 */
public final class TcpRepair {
    private static final int INFO_SIZE = 232;
    private static final int INFO_OPTIONS = 5;
    private static final int INFO_WSCALE = 6;
    private static final int INFO_BYTES_RECEIVED = 128;
    private static final int ESTABLISHED = 1;
    /** tcpi_options bits (linux/tcp.h). */
    public static final int OPT_TIMESTAMPS = 1;
    public static final int OPT_SACK = 2;
    public static final int OPT_WSCALE = 4;
    private static final int TCPOPT_MSS = 2;
    private static final int TCPOPT_WINDOW = 3;
    private static final int TCPOPT_SACK_PERM = 4;
    private static final int TCPOPT_TIMESTAMP = 8;

    /**
     * What a connection's two ends agreed on, sampled while the application had written nothing to it:
     * {@code sendBase} and {@code recvBase} are the sequence numbers of stream byte 0 each way, {@code tsOffset}
     * the socket's timestamp clock minus the sampling process's CLOCK_MONOTONIC in ms (so a restore later continues
     * the same clock).
     */
    public record Sample(int sendBase, int recvBase, int mss, int sndWscale, int rcvWscale, int options, int tsOffset,
            int sndWnd, int rcvWnd, int maxWindow) {
        /**
         * The same sample for a process whose monotonic clock is {@code millis} behind the sampler's: two machines'
         * monotonic clocks share no origin, and a timestamp clock restored on the wrong one runs behind what the peer
         * last saw, which then drops every segment as old (PAWS, RFC 7323 §5).
         */
        public Sample onClockBehind(long millis) {
            return new Sample(sendBase, recvBase, mss, sndWscale, rcvWscale, options, (int) (tsOffset + millis),
                    sndWnd, rcvWnd, maxWindow);
        }
    }

    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");
    /** Whether TCP_TIMESTAMP's low bit says microsecond timestamps (Linux 6.7 on; before, it is the clock's). */
    private static final boolean USEC_BIT = kernelAtLeast(System.getProperty("os.version", ""), 6, 7);

    private TcpRepair() {
    }

    static boolean kernelAtLeast(String release, int major, int minor) {
        Matcher m = RELEASE.matcher(release);
        if (!m.find()) {
            return true; // an unknown release is taken as new: refusing is the safe side
        }
        int a = Integer.parseInt(m.group(1));
        return a > major || a == major && Integer.parseInt(m.group(2)) >= minor;
    }

    /**
     * Milliseconds of this process's CLOCK_MONOTONIC, the clock the kernel's TCP timestamps run on (less a time
     * namespace's offset, which TCP does not see: the one reason {@link Sample#tsOffset} is per process).
     */
    public static long monotonicMillis() {
        return System.nanoTime() / 1_000_000L;
    }

    /**
     * Samples an established socket the application has written nothing to. Sequence numbers come from repair
     * mode, bytes received from tcp_info: the reads are repeated until tcp_info did not move across them, so all
     * belong to one instant even while packets arrive. Repair mode is left without a window probe.
     */
    public static Sample sample(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(INFO_SIZE, 8);
            MemorySegment again = arena.allocate(INFO_SIZE, 8);
            MemorySegment v = arena.allocate(20, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            for (int attempt = 0; attempt < 100; attempt++) {
                info(fd, info, len);
                if (Byte.toUnsignedInt(info.get(ValueLayout.JAVA_BYTE, 0)) != ESTABLISHED) {
                    throw new IOException("the connection is no longer established (state "
                            + Byte.toUnsignedInt(info.get(ValueLayout.JAVA_BYTE, 0)) + ")");
                }
                check(setInt(fd, Libc.TCP_REPAIR, Libc.TCP_REPAIR_ON, v), "cannot enter repair mode (needs CAP_NET_ADMIN)");
                int sendSeq;
                int recvSeq;
                int mss;
                int[] window = new int[5];
                try {
                    check(setInt(fd, Libc.TCP_REPAIR_QUEUE, Libc.TCP_SEND_QUEUE, v), "cannot choose the send queue");
                    sendSeq = getInt(fd, Libc.TCP_QUEUE_SEQ, v, len);
                    check(setInt(fd, Libc.TCP_REPAIR_QUEUE, Libc.TCP_RECV_QUEUE, v), "cannot choose the receive queue");
                    recvSeq = getInt(fd, Libc.TCP_QUEUE_SEQ, v, len);
                    len.set(ValueLayout.JAVA_INT, 0, 20);
                    check(Libc.getsockopt(fd, Libc.IPPROTO_TCP, Libc.TCP_REPAIR_WINDOW, v, len), "cannot read the window");
                    for (int i = 0; i < 5; i++) {
                        window[i] = v.get(ValueLayout.JAVA_INT, 4L * i);
                    }
                    // in repair mode TCP_MAXSEG is the clamp the handshake agreed (libsoccr reads it so), not the
                    // current segment size, which can be far smaller just after the handshake
                    mss = getInt(fd, Libc.TCP_MAXSEG, v, len);
                } finally {
                    setInt(fd, Libc.TCP_REPAIR_QUEUE, 0, v);
                    setInt(fd, Libc.TCP_REPAIR, Libc.TCP_REPAIR_OFF_NO_WP, v);
                }
                info(fd, again, len);
                if (info.get(ValueLayout.JAVA_LONG, INFO_BYTES_RECEIVED)
                        != again.get(ValueLayout.JAVA_LONG, INFO_BYTES_RECEIVED)) {
                    continue;
                }
                long received = info.get(ValueLayout.JAVA_LONG, INFO_BYTES_RECEIVED);
                int options = Byte.toUnsignedInt(info.get(ValueLayout.JAVA_BYTE, INFO_OPTIONS));
                int scales = Byte.toUnsignedInt(info.get(ValueLayout.JAVA_BYTE, INFO_WSCALE));
                long ts = monotonicMillis();
                int tsval = getInt(fd, Libc.TCP_TIMESTAMP, v, len);
                if (USEC_BIT && (options & OPT_TIMESTAMPS) != 0 && (tsval & 1) != 0) {
                    throw new IOException("the connection uses microsecond TCP timestamps (the route's tcp_usec_ts"
                            + " feature), which a restore does not continue");
                }
                return new Sample(sendSeq, recvSeq - (int) received, mss, scales & 15, scales >>> 4, options,
                        (int) (tsval - ts), window[1], window[3], window[2]);
            }
            throw new IOException("a socket's sequence numbers never held still");
        }
    }

    /** The receive window a restored socket opens: wide enough that whatever the peer had in flight lands in it. */
    public static final int RESTORED_RECEIVE_WINDOW = 8 << 20;

    /**
     * Makes a socket that is the connection {@code local}-{@code remote} in repair mode: its next byte to send
     * has {@code sendSeq} and the next it expects {@code recvSeq}; {@code unacked} goes in the send queue as
     * bytes sent but not yet acknowledged (as CRIU restores them: retransmitted when the peer does not acknowledge
     * them, never new data), and with {@code finSent} a FIN after them, also as sent. The socket stays in repair
     * mode (nothing is sent) until {@link #finish}. {@code transparent} binds to an address that is not this host's
     * (IP_TRANSPARENT), as a TPROXY'd client connection's local end is.
     */
    public static int restore(Sample s, Endpoint local, Endpoint remote, boolean transparent, int sendSeq, int recvSeq,
            MemorySegment unacked, boolean finSent) throws IOException {
        long sendBuffer = unacked.byteSize();
        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Sockets.failure("cannot open a socket", Libc.errno());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(40, 8);
            check(setInt(fd, Libc.TCP_REPAIR, Libc.TCP_REPAIR_ON, v), "cannot enter repair mode (needs CAP_NET_ADMIN)");
            if (transparent) {
                check(Sockets.setInt(fd, Libc.SOL_IP, Libc.IP_TRANSPARENT, 1), "cannot set IP_TRANSPARENT");
            }
            Sockets.setInt(fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, (int) Math.min(1 << 30, 2 * sendBuffer + (4 << 20)));
            Sockets.setInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, 4 * RESTORED_RECEIVE_WINDOW);
            Sockets.setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1);
            // the peer's first acknowledgements echo the dead socket's timestamps, so the first round-trip sample
            // spans the outage (4 s measured) and the timeout grew to 12 s: a restored connection then sat still
            // for longer than the outage. Capped at 1 s it retransmits on (kernels before 6.15 lack the option)
            Sockets.setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_RTO_MAX_MS, 1000);
            check(setInt(fd, Libc.TCP_REPAIR_QUEUE, Libc.TCP_SEND_QUEUE, v), "cannot choose the send queue");
            check(setInt(fd, Libc.TCP_QUEUE_SEQ, sendSeq, v), "cannot set the send sequence number");
            check(setInt(fd, Libc.TCP_REPAIR_QUEUE, Libc.TCP_RECV_QUEUE, v), "cannot choose the receive queue");
            check(setInt(fd, Libc.TCP_QUEUE_SEQ, recvSeq, v), "cannot set the receive sequence number");
            setInt(fd, Libc.TCP_REPAIR_QUEUE, 0, v);
            // the agreed MSS before connect, so the segment size is computed from it (set after, as libsoccr does,
            // the socket keeps the 536-byte default's segments)
            Sockets.setInt(fd, Libc.IPPROTO_TCP, Libc.TCP_MAXSEG, s.mss());
            MemorySegment address = arena.allocate(Endpoint.SOCKADDR_SIZE);
            local.write(address);
            if (Libc.bind(fd, address, Endpoint.SOCKADDR_SIZE) != 0) {
                throw Sockets.failure("cannot bind to " + local, Libc.errno());
            }
            remote.write(address);
            if (Libc.connect(fd, address, Endpoint.SOCKADDR_SIZE) != 0) {
                throw Sockets.failure("cannot re-attach to " + remote, Libc.errno());
            }
            // options as the handshake agreed them (libsoccr's order and encoding)
            MemorySegment opts = arena.allocate(32, 8);
            int n = 0;
            opts.set(ValueLayout.JAVA_INT, 8L * n, TCPOPT_MSS);
            opts.set(ValueLayout.JAVA_INT, 8L * n++ + 4, s.mss());
            if ((s.options() & OPT_WSCALE) != 0) {
                opts.set(ValueLayout.JAVA_INT, 8L * n, TCPOPT_WINDOW);
                opts.set(ValueLayout.JAVA_INT, 8L * n++ + 4, s.sndWscale() | s.rcvWscale() << 16);
            }
            if ((s.options() & OPT_TIMESTAMPS) != 0) {
                opts.set(ValueLayout.JAVA_INT, 8L * n, TCPOPT_TIMESTAMP);
                opts.set(ValueLayout.JAVA_INT, 8L * n++ + 4, 0);
            }
            if ((s.options() & OPT_SACK) != 0) {
                opts.set(ValueLayout.JAVA_INT, 8L * n, TCPOPT_SACK_PERM);
                opts.set(ValueLayout.JAVA_INT, 8L * n++ + 4, 0);
            }
            check(Libc.setsockopt(fd, Libc.IPPROTO_TCP, Libc.TCP_REPAIR_OPTIONS, opts, 8 * n), "cannot set the TCP options");
            if ((s.options() & OPT_TIMESTAMPS) != 0) {
                // the value's low bit chooses microsecond timestamps (Linux 6.7 on): an odd value made the restored
                // socket's clock run a thousand times fast, and a next restore, continuing it in ms, went back
                // by as much and had every segment dropped as old (1 or 2 connections in 3 over two node losses)
                int tsval = (int) (monotonicMillis() + s.tsOffset()) & ~1;
                check(setInt(fd, Libc.TCP_TIMESTAMP, tsval, v), "cannot set the timestamp clock");
            }
            int sndWnd = Math.max(Math.max(s.sndWnd(), s.maxWindow()), 65535);
            v.set(ValueLayout.JAVA_INT, 0, recvSeq);
            v.set(ValueLayout.JAVA_INT, 4, sndWnd);
            v.set(ValueLayout.JAVA_INT, 8, sndWnd);
            v.set(ValueLayout.JAVA_INT, 12, Math.max(s.rcvWnd(), RESTORED_RECEIVE_WINDOW));
            v.set(ValueLayout.JAVA_INT, 16, recvSeq);
            check(Libc.setsockopt(fd, Libc.IPPROTO_TCP, Libc.TCP_REPAIR_WINDOW, v, 20), "cannot set the window");
            check(setInt(fd, Libc.TCP_REPAIR_QUEUE, Libc.TCP_SEND_QUEUE, v), "cannot choose the send queue");
            for (long at = 0; at < unacked.byteSize();) {
                long sent = Libc.send(fd, unacked.asSlice(at), unacked.byteSize() - at, 0);
                if (sent <= 0) {
                    throw Sockets.failure("cannot restore the send queue (" + at + " of " + unacked.byteSize()
                            + " bytes)", Libc.errno());
                }
                at += sent;
            }
            // with the send queue chosen, a FIN joins it as sent too: the peer may have it and acknowledge it, and an
            // acknowledgement of more than the socket sent would be thrown away, with the segment carrying it
            if (finSent && Libc.shutdown(fd, Libc.SHUT_WR) != 0) {
                throw Sockets.failure("cannot restore the FIN", Libc.errno());
            }
            setInt(fd, Libc.TCP_REPAIR_QUEUE, 0, v);
            return fd;
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** Leaves repair mode; the window probe this sends tells the peer at once where the connection stands. */
    public static void finish(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            check(setInt(fd, Libc.TCP_REPAIR, Libc.TCP_REPAIR_OFF, arena.allocate(8, 8)), "cannot leave repair mode");
        }
    }

    /** Bytes the peer has acknowledged (tcp_info's bytes_acked; 1 more on an actively opened socket, its SYN). */
    public static long bytesAcked(int fd, MemorySegment info, MemorySegment len) throws IOException {
        info(fd, info, len);
        return info.get(ValueLayout.JAVA_LONG, 120);
    }

    /** A buffer big enough for {@link #bytesAcked}'s tcp_info. */
    public static MemorySegment infoBuffer(Arena arena) {
        return arena.allocate(INFO_SIZE, 8);
    }

    private static void info(int fd, MemorySegment info, MemorySegment len) throws IOException {
        len.set(ValueLayout.JAVA_INT, 0, INFO_SIZE);
        check(Libc.getsockopt(fd, Libc.IPPROTO_TCP, Libc.TCP_INFO, info, len), "cannot read a socket's TCP state");
    }

    private static int setInt(int fd, int name, int value, MemorySegment v) {
        v.set(ValueLayout.JAVA_INT, 0, value);
        return Libc.setsockopt(fd, Libc.IPPROTO_TCP, name, v, 4);
    }

    private static int getInt(int fd, int name, MemorySegment v, MemorySegment len) throws IOException {
        len.set(ValueLayout.JAVA_INT, 0, 4);
        check(Libc.getsockopt(fd, Libc.IPPROTO_TCP, name, v, len), "cannot read TCP option " + name);
        return v.get(ValueLayout.JAVA_INT, 0);
    }

    private static void check(int result, String what) throws IOException {
        if (result != 0) {
            throw Sockets.failure(what, Libc.errno());
        }
    }
}
