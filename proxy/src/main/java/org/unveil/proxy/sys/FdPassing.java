package org.unveil.proxy.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Messages with file descriptors attached (SCM_RIGHTS) over a Unix socket: the receiver gets its own duplicates,
 * which keep each socket open when the sender dies.
 */
public final class FdPassing implements AutoCloseable {
    /** Every message carries this many payload bytes. */
    public static final int PAYLOAD = 32;
    public static final int MAX_FDS = 4;
    private static final int SCM_RIGHTS = 1;
    private static final int MSGHDR = 56;
    private static final int CMSG_HEADER = 16;
    private static final int CONTROL = CMSG_HEADER + 8 * ((MAX_FDS * 4 + 7) / 8);

    private final Arena arena = Arena.ofShared();
    private final MemorySegment header = arena.allocate(MSGHDR, 8);
    private final MemorySegment iov = arena.allocate(16, 8);
    private final MemorySegment control = arena.allocate(CONTROL, 8);
    private final MemorySegment payload = arena.allocate(PAYLOAD, 8);

    /** A message received: its payload (valid until the next receive) and the descriptors that came with it. */
    public record Received(MemorySegment payload, int[] fds) {
    }

    /** Sends the payload (copied from {@code data}) with the descriptors; blocks while the socket is full. */
    public synchronized void send(int socket, MemorySegment data, int... fds) throws IOException {
        if (fds.length > MAX_FDS) {
            throw new IllegalArgumentException("at most " + MAX_FDS + " descriptors a message");
        }
        payload.fill((byte) 0);
        payload.copyFrom(data.asSlice(0, Math.min(PAYLOAD, data.byteSize())));
        prepare(fds.length);
        if (fds.length > 0) {
            control.set(ValueLayout.JAVA_LONG, 0, CMSG_HEADER + 4L * fds.length);
            control.set(ValueLayout.JAVA_INT, 8, Libc.SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, 12, SCM_RIGHTS);
            for (int i = 0; i < fds.length; i++) {
                control.set(ValueLayout.JAVA_INT, CMSG_HEADER + 4L * i, fds[i]);
            }
        }
        long sent;
        do {
            sent = Libc.sendmsg(socket, header, Libc.MSG_NOSIGNAL);
        } while (sent < 0 && Libc.errno() == Libc.EINTR);
        if (sent != PAYLOAD) {
            throw Sockets.failure("cannot pass sockets to the standby", Libc.errno());
        }
    }

    /** Receives one message, blocking; null at end of stream (the sender closed or died). */
    public synchronized Received receive(int socket) throws IOException {
        prepare(MAX_FDS);
        long got;
        do {
            got = Libc.recvmsg(socket, header, 0);
        } while (got < 0 && Libc.errno() == Libc.EINTR);
        if (got < 0) {
            throw Sockets.failure("cannot receive from the active proxy", Libc.errno());
        }
        if (got == 0) {
            return null;
        }
        long controlLength = header.get(ValueLayout.JAVA_LONG, 40);
        int[] fds = new int[0];
        if (controlLength >= CMSG_HEADER && control.get(ValueLayout.JAVA_INT, 8) == Libc.SOL_SOCKET
                && control.get(ValueLayout.JAVA_INT, 12) == SCM_RIGHTS) {
            int count = (int) ((control.get(ValueLayout.JAVA_LONG, 0) - CMSG_HEADER) / 4);
            fds = new int[count];
            for (int i = 0; i < count; i++) {
                fds[i] = control.get(ValueLayout.JAVA_INT, CMSG_HEADER + 4L * i);
            }
        }
        return new Received(payload, fds);
    }

    private void prepare(int fdCount) {
        header.fill((byte) 0);
        control.fill((byte) 0);
        iov.set(ValueLayout.ADDRESS, 0, payload);
        iov.set(ValueLayout.JAVA_LONG, 8, PAYLOAD);
        header.set(ValueLayout.ADDRESS, 16, iov);
        header.set(ValueLayout.JAVA_LONG, 24, 1);
        if (fdCount > 0) {
            header.set(ValueLayout.ADDRESS, 32, control);
            header.set(ValueLayout.JAVA_LONG, 40, CMSG_HEADER + 8L * ((fdCount * 4 + 7) / 8));
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
