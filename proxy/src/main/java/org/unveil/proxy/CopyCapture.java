package org.unveil.proxy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.unveil.proxy.sys.Endpoint;
import org.unveil.proxy.sys.Libc;
import org.unveil.proxy.sys.Sockets;

/**
 * The backup node's copy of every TCP segment the active node receives (thesis §7.5's silent slave): the active
 * node's firewall duplicates each one to the backup before its own stack sees it (nft {@code dup to}), so every
 * byte the active node's kernel acknowledges was on its way here first. Read from a packet socket on the
 * interface the copies arrive on; kept by 4-tuple and sequence number until the relay's link says the
 * destination has acknowledged them.
 */
final class CopyCapture implements AutoCloseable {
    private static final ValueLayout.OfInt NET_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int SOL_PACKET = 263;
    private static final int PACKET_STATISTICS = 6;
    private static final int SO_RCVTIMEO = 20;
    private static final int BUFFER = 1 << 18;

    /**
     * One direction of one connection as seen on the wire, keyed by sequence number relative to the first seen,
     * signed: on a backup that starts following mid-stream (a third node), the first segment seen can be a pure
     * acknowledgement carrying the sender's next sequence number, and the sender's retransmission of the bytes
     * before it, which the node it copies acknowledges, arrives after it (kept unsigned, they were taken as old
     * and dropped: 1 connection in 60 over 20 runs of two node losses stalled short of them).
     */
    static final class Segments {
        final int anchor;
        final TreeMap<Long, byte[]> pieces = new TreeMap<>();
        boolean fin;
        long finKey;
        /** The highest acknowledgement number the source sent (what it had of the other direction), once seen. */
        boolean acked;
        int ack;

        Segments(int anchor) {
            this.anchor = anchor;
        }

        /** Keeps a segment's bytes (the longest, when one is seen again) and its FIN. */
        void put(int seq, byte[] payload, boolean withFin) {
            long key = seq - anchor;
            if (payload.length > 0) {
                byte[] old = pieces.get(key);
                if (old == null || old.length < payload.length) {
                    pieces.put(key, payload);
                }
            }
            if (withFin) {
                fin = true;
                finKey = key + payload.length;
            }
        }

        /** Moves what is held into a stream whose byte 0 has sequence number {@code base}. */
        void into(ReplicaStream stream, int base) {
            for (Map.Entry<Long, byte[]> e : pieces.entrySet()) {
                long offset = Integer.toUnsignedLong(anchor + (int) (long) e.getKey() - base);
                if (offset < (1L << 31)) {
                    stream.add(offset, e.getValue());
                }
            }
            if (fin) {
                stream.finAt = Integer.toUnsignedLong(anchor + (int) finKey - base);
            }
        }
    }

    private record Tuple(int src, int sport, int dst, int dport) {
    }

    private final int fd;
    private final Map<Tuple, Segments> streams = new HashMap<>();
    private final Thread thread;
    private volatile boolean stop;
    private long packets;
    private long bytes;

    private final int ignorePort;

    /** Reads the copies arriving on {@code iface}; segments to or from {@code ignorePort} (the link) are not copies. */
    CopyCapture(String iface, int ignorePort) throws IOException {
        this.ignorePort = ignorePort;
        try (Arena arena = Arena.ofConfined()) {
            int index = Libc.ifNameToIndex(arena.allocateFrom(iface));
            if (index == 0) {
                throw new IOException("no interface " + iface + " to read the active node's copies on");
            }
            int protocol = Short.toUnsignedInt(Short.reverseBytes((short) Libc.ETH_P_IP));
            fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, protocol);
            if (fd < 0) {
                throw Sockets.failure("cannot open a packet socket (needs CAP_NET_RAW)", Libc.errno());
            }
            MemorySegment ll = arena.allocate(20, 8);
            ll.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_PACKET);
            ll.set(ValueLayout.JAVA_SHORT, 2, (short) protocol);
            ll.set(ValueLayout.JAVA_INT, 4, index);
            if (Libc.bind(fd, ll, 20) != 0) {
                int errno = Libc.errno();
                Libc.close(fd);
                throw Sockets.failure("cannot read packets on " + iface, errno);
            }
            Sockets.setInt(fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, 256 << 20);
            MemorySegment timeout = arena.allocate(16, 8);
            timeout.set(ValueLayout.JAVA_LONG, 0, 0);
            timeout.set(ValueLayout.JAVA_LONG, 8, 50_000);
            Libc.setsockopt(fd, Libc.SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
        }
        thread = Thread.ofPlatform().daemon().name("copies").start(this::loop);
    }

    private void loop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BUFFER, 8);
            while (!stop) {
                long n = Libc.recv(fd, buffer, BUFFER, 0);
                if (n > 0) {
                    take(buffer, n);
                }
            }
            // what arrived before the stop is still queued: take it all
            for (long n; (n = Libc.recv(fd, buffer, BUFFER, Libc.MSG_DONTWAIT)) > 0;) {
                take(buffer, n);
            }
        }
    }

    private void take(MemorySegment p, long n) {
        if (n < 40 || (p.get(ValueLayout.JAVA_BYTE, 0) & 0xf0) != 0x40 || p.get(ValueLayout.JAVA_BYTE, 9) != 6) {
            return;
        }
        int ihl = (p.get(ValueLayout.JAVA_BYTE, 0) & 15) * 4;
        int total = Short.toUnsignedInt(p.get(NET_SHORT, 2));
        if (total == 0 || total > n) {
            total = (int) n;
        }
        int src = p.get(NET_INT, 12);
        int dst = p.get(NET_INT, 16);
        int sport = Short.toUnsignedInt(p.get(NET_SHORT, ihl));
        int dport = Short.toUnsignedInt(p.get(NET_SHORT, ihl + 2));
        int seq = p.get(NET_INT, ihl + 4);
        int doff = (Byte.toUnsignedInt(p.get(ValueLayout.JAVA_BYTE, ihl + 12)) >>> 4) * 4;
        int flags = p.get(ValueLayout.JAVA_BYTE, ihl + 13);
        boolean syn = (flags & 2) != 0;
        boolean fin = (flags & 1) != 0;
        int length = total - ihl - doff;
        if (length < 0 || syn || sport == ignorePort || dport == ignorePort) {
            return;
        }
        if ((flags & 0x10) != 0) {
            int ack = p.get(NET_INT, ihl + 8);
            synchronized (this) {
                Segments s = streams.computeIfAbsent(new Tuple(src, sport, dst, dport), t -> new Segments(seq));
                if (!s.acked || ack - s.ack > 0) {
                    s.ack = ack;
                    s.acked = true;
                }
            }
        }
        if (length == 0 && !fin) {
            return;
        }
        byte[] payload = new byte[length];
        MemorySegment.copy(p, ValueLayout.JAVA_BYTE, ihl + doff, payload, 0, length);
        synchronized (this) {
            packets++;
            bytes += length;
            streams.computeIfAbsent(new Tuple(src, sport, dst, dport), t -> new Segments(seq)).put(seq, payload, fin);
        }
    }

    /** Moves the copies of one direction into its replica stream (bytes below its acknowledged point are dropped). */
    synchronized void into(Endpoint from, Endpoint to, ReplicaStream stream, int base) {
        Segments s = streams.get(new Tuple(from.address(), from.port(), to.address(), to.port()));
        if (s != null) {
            s.into(stream, base);
        }
    }

    /**
     * The offset the source of {@code from}-{@code to} has acknowledged of the other direction (whose byte 0 has
     * sequence number {@code base}), or -1 when no acknowledgement was copied.
     */
    synchronized long acknowledgedBy(Endpoint from, Endpoint to, int base) {
        Segments s = streams.get(new Tuple(from.address(), from.port(), to.address(), to.port()));
        if (s == null || !s.acked) {
            return -1;
        }
        long offset = Integer.toUnsignedLong(s.ack - base);
        return offset < (1L << 31) ? offset : -1;
    }

    /** Forgets the copies of one direction below {@code offset} (its destination has them). */
    synchronized void acknowledged(Endpoint from, Endpoint to, int base, long offset) {
        Segments s = streams.get(new Tuple(from.address(), from.port(), to.address(), to.port()));
        if (s == null) {
            return;
        }
        long below = base + (int) offset - s.anchor;
        while (!s.pieces.isEmpty()) {
            Map.Entry<Long, byte[]> first = s.pieces.firstEntry();
            if (first.getKey() + first.getValue().length > below) {
                break;
            }
            s.pieces.pollFirstEntry();
        }
    }

    synchronized void forget(Endpoint from, Endpoint to) {
        streams.remove(new Tuple(from.address(), from.port(), to.address(), to.port()));
    }

    /** Stops reading once every copy already queued is taken; says how many arrived and how many the kernel dropped. */
    String drain() throws InterruptedException {
        stop = true;
        thread.join(5000);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment stats = arena.allocate(8, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 8);
            int dropped = Libc.getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, stats, len) == 0
                    ? stats.get(ValueLayout.JAVA_INT, 4) : -1;
            synchronized (this) {
                return packets + " copied segments (" + bytes + " bytes), " + dropped + " dropped by the kernel since the last count";
            }
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Libc.close(fd);
    }
}
