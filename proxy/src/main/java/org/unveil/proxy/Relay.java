package org.unveil.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.unveil.proxy.http.HttpFilter;
import org.unveil.proxy.state.SlotRecord;
import org.unveil.proxy.state.StateFile;
import org.unveil.proxy.sys.Endpoint;
import org.unveil.proxy.sys.Libc;
import org.unveil.proxy.sys.Sockets;

/**
 * The proxy's input-driven loop (thesis §7.2, step 8): one thread polls every socket, reads straight into each
 * direction's ring in the state file, writes from it, and commits each touched connection's offsets after every
 * cycle. Trouble on one connection (a reset, a malformed request, a slow head) ends that connection with one
 * log line and touches no other.
 */
final class Relay implements AutoCloseable {
    private static final int POLLFD = 8;
    private static final int POLL_MILLIS = 200;
    private static final int STAGING = 65536;

    private final ProxyConfig config;
    private final StateFile state;
    private final int listenerFd;
    private StandbyLink standby;
    private NodeLink node;
    private final Consumer<String> log;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pollfds;
    private final MemorySegment scratch;
    private final MemorySegment staging;
    private final Connection[] polled;
    private final List<Connection> connections = new ArrayList<>();
    /**
     * Connections the relay has finished with whose sockets still hold bytes (or a FIN) their peer has not
     * acknowledged: kept open, and replicated, until it has, so a node lost meanwhile leaves the backup able
     * to deliver them (closed at once, the kernel would send them from an orphan socket the backup never knew).
     */
    private final List<Connection> lingering = new ArrayList<>();
    private static final long LINGER_NANOS = 30_000_000_000L;
    private final int[] freeSlots;
    private int freeCount;
    private long nextId;

    Relay(ProxyConfig config, StateFile state, int listenerFd, StandbyLink standby, Consumer<String> log) {
        this.config = config;
        this.state = state;
        this.listenerFd = listenerFd;
        this.standby = standby;
        this.log = log;
        this.pollfds = arena.allocate((long) POLLFD * (1 + 2L * state.slots()), 8);
        this.scratch = arena.allocate(64, 8);
        this.staging = arena.allocate(STAGING, 8);
        this.polled = new Connection[state.slots()];
        this.freeSlots = new int[state.slots()];
        for (int slot = state.slots() - 1; slot >= 0; slot--) {
            freeSlots[freeCount++] = slot;
        }
        this.nextId = System.currentTimeMillis() * 1000;
    }

    /**
     * Passes the listener and every connection's sockets to a (next) standby, and each connection opened from
     * now on: after a take-over, so the process that took over is covered by a standby in its turn.
     */
    void passTo(StandbyLink next) {
        this.standby = next;
        next.listener(listenerFd);
        for (Connection c : connections) {
            next.opened(c);
        }
    }

    /** Replicates every connection to a backup node from now on. */
    void replicateTo(NodeLink link) {
        this.node = link;
    }

    /** Takes over a connection a dead proxy left (its slot is then in use). */
    void adopt(Connection c) {
        for (int i = 0; i < freeCount; i++) {
            if (freeSlots[i] == c.slot) {
                freeSlots[i] = freeSlots[--freeCount];
                break;
            }
        }
        nextId = Math.max(nextId, c.id + 1);
        connections.add(c);
        commit(c);
    }

    /** Replicates every connection it carries (restored by a take-over) to a backup node, and each new one. */
    void replicateOnward(NodeLink link) {
        this.node = link;
        for (Connection c : connections) {
            if (c.restoredFrom != null) {
                link.resumed(c);
            }
        }
        link.flush();
    }

    int connectionCount() {
        return connections.size();
    }

    /** Runs until {@code stop} says so (checked at least every 200 ms). */
    void run(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            int count = connections.size();
            setPoll(0, connections.size() < state.slots() ? listenerFd : -1, Libc.POLLIN);
            for (int i = 0; i < count; i++) {
                Connection c = connections.get(i);
                polled[i] = c;
                setPoll(1 + 2 * i, c.clientFd, clientEvents(c));
                setPoll(2 + 2 * i, c.serverFd, serverEvents(c));
            }
            int ready = Libc.poll(pollfds, 1 + 2L * count, node != null ? 20 : POLL_MILLIS);
            if (ready < 0 && Libc.errno() != Libc.EINTR) {
                throw new IllegalStateException("poll failed: " + Libc.describe(Libc.errno()));
            }
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Connection c = polled[i];
                polled[i] = null;
                service(c, revents(1 + 2 * i), revents(2 + 2 * i), now);
                if (!c.closed) {
                    commit(c);
                    if (node != null) {
                        node.cycle(c);
                    }
                }
            }
            if (node != null) {
                for (Connection c : lingering) {
                    node.cycle(c);
                    if (unacknowledged(c.clientFd) == 0 && unacknowledged(c.serverFd) == 0
                            || now - c.lingerSince > LINGER_NANOS) {
                        node.closed(c);
                        Libc.close(c.clientFd);
                        Libc.close(c.serverFd);
                        c.replicated = false;
                    }
                }
                lingering.removeIf(c -> !c.replicated);
                node.flush();
            }
            if ((revents(0) & Libc.POLLIN) != 0) {
                acceptAll();
            }
            connections.removeIf(c -> c.closed);
        }
    }

    private void setPoll(int index, int fd, short events) {
        long at = (long) index * POLLFD;
        pollfds.set(ValueLayout.JAVA_INT, at, events == 0 ? -1 : fd);
        pollfds.set(ValueLayout.JAVA_SHORT, at + 4, events);
        pollfds.set(ValueLayout.JAVA_SHORT, at + 6, (short) 0);
    }

    private short revents(int index) {
        return pollfds.get(ValueLayout.JAVA_SHORT, (long) index * POLLFD + 6);
    }

    private static short clientEvents(Connection c) {
        int events = 0;
        if (wantsClientInput(c)) {
            events |= Libc.POLLIN;
        }
        if (c.down.pending() > 0) {
            events |= Libc.POLLOUT;
        }
        return (short) events;
    }

    private static short serverEvents(Connection c) {
        if (c.connecting) {
            return Libc.POLLOUT;
        }
        int events = 0;
        if (!c.down.sourceEnded && c.down.space() > 0) {
            events |= Libc.POLLIN;
        }
        if (c.up.pending() > 0) {
            events |= Libc.POLLOUT;
        }
        return (short) events;
    }

    private static boolean wantsClientInput(Connection c) {
        if (c.up.sourceEnded) {
            return false;
        }
        if (c.filter != null) {
            return c.filter.response() == null && c.filter.nextOutput() == null && c.raw.space() > 0;
        }
        return c.up.space() > 0;
    }

    private void service(Connection c, short clientReady, short serverReady, long now) {
        if (c.connecting) {
            if (serverReady == 0) {
                return;
            }
            int error = Sockets.pendingError(c.serverFd, scratch);
            if (error != 0) {
                end(c, "cannot connect to " + c.destination + ": " + Libc.describe(error));
                return;
            }
            c.connecting = false;
            if (node != null) {
                node.opened(c);
            }
        }
        if (clientReady != 0 && wantsClientInput(c) && !readClient(c)) {
            return;
        }
        if (!c.connecting && c.up.pending() > 0 && !send(c, c.up, c.serverFd, "server")) {
            return;
        }
        if (serverReady != 0 && !c.connecting && !c.down.sourceEnded && c.down.space() > 0
                && !receive(c, c.down, c.serverFd, "server")) {
            return;
        }
        if (c.filter != null) {
            filterHousekeeping(c, now);
        }
        if (c.down.pending() > 0 && !send(c, c.down, c.clientFd, "client")) {
            return;
        }
        shutIfDrained(c);
    }

    /**
     * HTTP mode reads the client into its raw ring (in the state file: the kernel's count of bytes taken then
     * says how far it holds them) and feeds the filter from there.
     */
    private boolean readClient(Connection c) {
        if (c.filter == null) {
            return receive(c, c.up, c.clientFd, "client");
        }
        Pipe raw = c.raw;
        long position = Math.floorMod(raw.read, raw.capacity);
        long n = Libc.readAt(c.clientFd, raw.readAddress(), raw.readLength());
        if (n == 0) {
            c.up.sourceEnded = true;
            c.clientEnded = true;
            return true;
        }
        if (n < 0) {
            return transient_(c, "client", "reading from");
        }
        raw.read += n;
        ByteBuf bytes = Unpooled.wrappedBuffer(raw.ring.asSlice(position, n).asByteBuffer());
        c.filter.feed(bytes);
        bytes.release();
        if (c.filter.headBegun()) {
            if (c.headSinceNanos == 0) {
                c.headSinceNanos = System.nanoTime();
            }
        } else {
            c.headSinceNanos = 0;
        }
        if (c.filter.response() != null) {
            log.accept(c.name() + ": " + c.filter.problem());
        }
        return true;
    }

    private void filterHousekeeping(Connection c, long now) {
        HttpFilter filter = c.filter;
        for (ByteBuf out; (out = filter.nextOutput()) != null && c.up.space() > 0;) {
            int length = (int) Math.min(out.readableBytes(), c.up.space());
            c.up.append(MemorySegment.ofBuffer(out.nioBuffer(out.readerIndex(), length)));
            out.skipBytes(length);
        }
        if (filter.response() == null && filter.headBegun() && c.headSinceNanos != 0
                && now - c.headSinceNanos > config.rules().headTimeout().toNanos()) {
            filter.refuseSlowHead();
            log.accept(c.name() + ": " + filter.problem());
        }
        if (filter.response() != null && filter.nextOutput() == null) {
            c.up.sourceEnded = true; // forwarding ends here; the server's answers to earlier requests still pass
        }
        byte[] response = filter.response();
        if (response != null && !c.responseQueued && (c.down.sourceEnded || c.connecting)
                && c.down.pending() == 0 && c.down.space() >= response.length) {
            c.down.append(MemorySegment.ofArray(response));
            c.down.sourceEnded = true;
            c.responseQueued = true;
        }
    }

    private boolean receive(Connection c, Pipe pipe, int fd, String side) {
        long n = Libc.readAt(fd, pipe.readAddress(), pipe.readLength());
        if (n > 0) {
            pipe.read += n;
            return true;
        }
        if (n == 0) {
            pipe.sourceEnded = true;
            return true;
        }
        return transient_(c, side, "reading from");
    }

    private boolean send(Connection c, Pipe pipe, int fd, String side) {
        long n = Libc.writeAt(fd, pipe.writeAddress(), pipe.writeLength());
        if (n >= 0) {
            pipe.written += n;
            return true;
        }
        return transient_(c, side, "writing to");
    }

    /** EAGAIN and EINTR are part of the loop; anything else ends the connection with one line. */
    private boolean transient_(Connection c, String side, String doing) {
        int errno = Libc.errno();
        if (errno == Libc.EAGAIN || errno == Libc.EINTR) {
            return true;
        }
        end(c, (errno == 104 ? "the " + side + " reset the connection" : doing + " the " + side + ": "
                + Libc.describe(errno)));
        return false;
    }

    private void shutIfDrained(Connection c) {
        boolean responseOwed = c.filter != null && c.filter.response() != null && !c.responseQueued;
        if (c.up.sourceEnded && c.up.pending() == 0 && !c.up.destinationShut && !c.connecting) {
            Libc.shutdown(c.serverFd, Libc.SHUT_WR);
            c.up.destinationShut = true;
        }
        if (c.down.sourceEnded && c.down.pending() == 0 && !c.down.destinationShut && !responseOwed) {
            Libc.shutdown(c.clientFd, Libc.SHUT_WR);
            c.down.destinationShut = true;
        }
        if (c.finished()) {
            release(c);
        }
    }

    /** Ends a connection that went wrong: one log line; both sockets shut so each peer learns at once. */
    private void end(Connection c, String why) {
        log.accept(c.name() + ": " + why);
        Libc.shutdown(c.clientFd, Libc.SHUT_RDWR);
        Libc.shutdown(c.serverFd, Libc.SHUT_RDWR);
        release(c);
    }

    private void release(Connection c) {
        c.closed = true;
        state.commit(c.slot, c.id, 0, c.up.read, c.up.written, c.down.read, c.down.written, 0, 0, 0, 0);
        if (standby != null) {
            standby.closed(c);
        }
        if (c.filter != null) {
            c.filter.close();
        }
        freeSlots[freeCount++] = c.slot;
        if (node != null && c.replicated) {
            c.lingerSince = System.nanoTime();
            lingering.add(c);
            return;
        }
        if (node != null) {
            node.closed(c);
        }
        Libc.close(c.clientFd);
        Libc.close(c.serverFd);
    }

    /**
     * Commits a connection's offsets; in HTTP mode with the filter's newest snapshot whose output is all in the
     * ring (else the one committed before), after which the raw ring may reuse the client's bytes before it.
     */
    private void commit(Connection c) {
        if (c.filter == null) {
            state.commit(c.slot, c.id, SlotRecord.LIVE, c.up.read, c.up.written, c.down.read, c.down.written,
                    c.client.address(), c.client.port(), c.destination.address(), c.destination.port());
            return;
        }
        HttpFilter.Snapshot s = c.filter.snapshot();
        if (s.out() <= c.up.read) {
            c.committedFilter = s;
        }
        s = c.committedFilter;
        state.commit(c.slot, c.id, SlotRecord.LIVE | SlotRecord.HTTP, c.up.read, c.up.written, c.down.read,
                c.down.written, c.client.address(), c.client.port(), c.destination.address(), c.destination.port(),
                s.raw(), s.out(), s.phase().ordinal(), s.remaining(), s.requests(), s.refusal());
        c.raw.written = s.raw();
    }

    private void acceptAll() {
        for (int i = 0; i < 64 && freeCount > 0; i++) {
            scratch.set(ValueLayout.JAVA_INT, Endpoint.SOCKADDR_SIZE, Endpoint.SOCKADDR_SIZE);
            int fd = Libc.accept4(listenerFd, scratch, scratch.asSlice(Endpoint.SOCKADDR_SIZE),
                    Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC);
            if (fd < 0) {
                int errno = Libc.errno();
                if (errno != Libc.EAGAIN && errno != Libc.EINTR) {
                    log.accept("cannot accept a connection: " + Libc.describe(errno));
                }
                return;
            }
            open(fd, Endpoint.read(scratch));
        }
    }

    private void open(int clientFd, Endpoint client) {
        Endpoint destination;
        int serverFd;
        try {
            destination = Sockets.localAddress(clientFd, scratch);
            if (config.upstream() == null && destination.port() == config.listen().port()
                    && (!config.transparent() || destination.address() == config.listen().address())) {
                throw new IOException("a connection to the proxy itself, not one it intercepted");
            }
            Endpoint target = config.upstream() != null ? config.upstream() : destination;
            serverFd = Sockets.connectNonBlocking(target, scratch);
            Sockets.setInt(clientFd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1);
            destination = target;
        } catch (IOException e) {
            log.accept(client + ": " + e.getMessage());
            Libc.close(clientFd);
            return;
        }
        int slot = freeSlots[--freeCount];
        Connection c = new Connection(slot, nextId++, clientFd, serverFd, client, destination,
                new Pipe(state.ring(slot, 0)), new Pipe(state.ring(slot, 1)),
                config.mode() == Mode.HTTP ? new HttpFilter(config.rules()) : null);
        c.connecting = true;
        if (c.filter != null) {
            c.raw = new Pipe(state.ring(slot, 2));
        }
        commit(c);
        if (standby != null) {
            standby.opened(c);
        }
        connections.add(c);
    }

    /** Bytes (and a FIN) a socket has sent or holds that its peer has not acknowledged (SIOCOUTQ). */
    private int unacknowledged(int fd) {
        if (Libc.ioctl(fd, Libc.SIOCOUTQ, scratch) != 0) {
            return 0;
        }
        return scratch.get(ValueLayout.JAVA_INT, 0);
    }

    @Override
    public void close() {
        for (Connection c : lingering) {
            Libc.close(c.clientFd);
            Libc.close(c.serverFd);
        }
        lingering.clear();
        for (Connection c : connections) {
            if (!c.closed) {
                Libc.close(c.clientFd);
                Libc.close(c.serverFd);
                if (c.filter != null) {
                    c.filter.close();
                }
            }
        }
        connections.clear();
        arena.close();
    }
}
