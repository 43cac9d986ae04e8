package org.unveil.proxy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;
import org.unveil.proxy.sys.FdPassing;
import org.unveil.proxy.sys.Libc;

/**
 * The active proxy's side of the Unix socket to its standby: the listening socket once, then each connection's
 * two sockets as they are opened (SCM_RIGHTS duplicates) and word when one is closed. A standby that is gone
 * is logged once and forgotten: the proxy carries on without one.
 */
final class StandbyLink implements AutoCloseable {
    static final int LISTENER = 1;
    static final int OPEN = 2;
    static final int CLOSE = 3;

    private final int fd;
    private final Consumer<String> log;
    private final FdPassing passing = new FdPassing();
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment message = arena.allocate(FdPassing.PAYLOAD, 8);
    private boolean gone;

    StandbyLink(int fd, Consumer<String> log) {
        this.fd = fd;
        this.log = log;
    }

    void listener(int listenerFd) {
        send(LISTENER, 0, 0, listenerFd);
    }

    void opened(Connection c) {
        send(OPEN, c.slot, c.id, c.clientFd, c.serverFd);
    }

    void closed(Connection c) {
        send(CLOSE, c.slot, c.id);
    }

    private void send(int type, int slot, long id, int... fds) {
        if (gone) {
            return;
        }
        message.set(ValueLayout.JAVA_INT, 0, type);
        message.set(ValueLayout.JAVA_INT, 4, slot);
        message.set(ValueLayout.JAVA_LONG, 8, id);
        try {
            passing.send(fd, message, fds);
        } catch (IOException e) {
            gone = true;
            log.accept("the standby is gone, carrying on without one: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        passing.close();
        arena.close();
    }
}
