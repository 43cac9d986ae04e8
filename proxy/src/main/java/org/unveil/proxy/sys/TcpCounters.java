package org.unveil.proxy.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The kernel's own count of a TCP socket's stream: how many bytes the application has taken out of it and how
 * many it has put in. A process killed between a read(2) returning and its bookkeeping loses those counts; the
 * kernel keeps them (tcp_info's bytes_received and bytes_acked with SIOCINQ and SIOCOUTQ), so a standby
 * recovers them exactly.
 */
public final class TcpCounters {
    /** Offsets in struct tcp_info (linux/tcp.h), stable ABI since Linux 4.1 and 4.19. */
    private static final int STATE = 0;
    private static final int BYTES_ACKED = 120;
    private static final int BYTES_RECEIVED = 128;
    private static final int INFO_SIZE = 232;

    private static final int ESTABLISHED = 1;
    private static final int SYN_SENT = 2;
    private static final int SYN_RECV = 3;
    private static final int FIN_WAIT1 = 4;
    private static final int FIN_WAIT2 = 5;
    private static final int TIME_WAIT = 6;
    private static final int CLOSE = 7;
    private static final int CLOSE_WAIT = 8;
    private static final int LAST_ACK = 9;
    private static final int CLOSING = 11;

    /** A socket's two counts, and whether a FIN has gone each way. */
    public record Counts(long consumed, long written, boolean finReceived, boolean finSent, int state) {
        public boolean connecting() {
            return state == SYN_SENT || state == SYN_RECV;
        }
    }

    private TcpCounters() {
    }

    /**
     * Reads the counts of a socket this host connected ({@code activeOpen}: its bytes_acked counts the
     * acknowledgement of its own SYN) or accepted; the three calls are repeated until the kernel's numbers did not move between them, which
     * they only do while packets arrive (the caller is the socket's only user).
     */
    public static Counts of(int fd, boolean activeOpen) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(INFO_SIZE, 8);
            MemorySegment again = arena.allocate(INFO_SIZE, 8);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment inq = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment outq = arena.allocate(ValueLayout.JAVA_INT);
            for (int attempt = 0; attempt < 1000; attempt++) {
                info(fd, info, length);
                int state = Byte.toUnsignedInt(info.get(ValueLayout.JAVA_BYTE, STATE));
                boolean connecting = state == SYN_SENT || state == SYN_RECV;
                if (!connecting && (Libc.ioctl(fd, Libc.SIOCINQ, inq) != 0 || Libc.ioctl(fd, Libc.SIOCOUTQ, outq) != 0)) {
                    throw Sockets.failure("cannot read a socket's queues", Libc.errno());
                }
                info(fd, again, length);
                if (info.mismatch(again) != -1) {
                    continue;
                }
                if (connecting) {
                    return new Counts(0, 0, false, false, state);
                }
                boolean finReceived = state == CLOSE_WAIT || state == LAST_ACK || state == CLOSING
                        || state == TIME_WAIT || state == CLOSE;
                boolean finSent = state == FIN_WAIT1 || state == FIN_WAIT2 || state == CLOSING || state == TIME_WAIT
                        || state == LAST_ACK || state == CLOSE;
                // bytes_received counts the FIN's sequence number, SIOCINQ leaves it out; SIOCOUTQ counts an
                // unacknowledged FIN, bytes_acked an acknowledged one
                long received = info.get(ValueLayout.JAVA_LONG, BYTES_RECEIVED) - (finReceived ? 1 : 0);
                long acked = info.get(ValueLayout.JAVA_LONG, BYTES_ACKED) - (activeOpen ? 1 : 0);
                long written = acked + Integer.toUnsignedLong(outq.get(ValueLayout.JAVA_INT, 0)) - (finSent ? 1 : 0);
                return new Counts(received - Integer.toUnsignedLong(inq.get(ValueLayout.JAVA_INT, 0)),
                        Math.max(0, written), finReceived, finSent, state);
            }
            throw new IOException("a socket's counters never held still");
        }
    }

    private static void info(int fd, MemorySegment info, MemorySegment length) throws IOException {
        info.fill((byte) 0);
        length.set(ValueLayout.JAVA_INT, 0, INFO_SIZE);
        if (Libc.getsockopt(fd, Libc.IPPROTO_TCP, Libc.TCP_INFO, info, length) != 0) {
            throw Sockets.failure("cannot read a socket's TCP state", Libc.errno());
        }
    }

    /** Whether the state is one where the connection is up (the proxy's normal case). */
    public static boolean established(Counts counts) {
        return counts.state() == ESTABLISHED;
    }
}
