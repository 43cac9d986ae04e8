package org.unveil.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.unveil.proxy.http.HttpFilter;
import org.unveil.proxy.state.SlotRecord;
import org.unveil.proxy.state.StateFile;
import org.unveil.proxy.sys.Endpoint;
import org.unveil.proxy.sys.FdPassing;
import org.unveil.proxy.sys.Libc;
import org.unveil.proxy.sys.TcpCounters;

/**
 * The standby's two phases: while the active proxy lives, hold the duplicates of its sockets it passes over
 * the Unix socket; when that socket ends (the active process died, by kill -9 or otherwise), rebuild every
 * connection from the state file and the kernel's counts and return a relay that carries on with them.
 */
final class Standby {
    /** A connection's sockets as the active proxy passed them. */
    private record Held(long id, int clientFd, int serverFd) {
    }

    private final ProxyConfig config;
    private final Consumer<String> log;
    private final Map<Integer, Held> held = new LinkedHashMap<>();
    private int listenerFd = -1;

    Standby(ProxyConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
    }

    /** Receives until the active proxy is gone; returns false if it never passed its listener. */
    boolean hold(int link) throws IOException {
        try (FdPassing passing = new FdPassing()) {
            for (FdPassing.Received m; (m = passing.receive(link)) != null;) {
                int type = m.payload().get(ValueLayout.JAVA_INT, 0);
                int slot = m.payload().get(ValueLayout.JAVA_INT, 4);
                long id = m.payload().get(ValueLayout.JAVA_LONG, 8);
                int[] fds = m.fds();
                if (type == StandbyLink.LISTENER && fds.length == 1) {
                    listenerFd = fds[0];
                } else if (type == StandbyLink.OPEN && fds.length == 2) {
                    Held old = held.put(slot, new Held(id, fds[0], fds[1]));
                    if (old != null) {
                        closeHeld(old);
                    }
                } else if (type == StandbyLink.CLOSE) {
                    Held h = held.get(slot);
                    if (h != null && h.id() == id) {
                        held.remove(slot);
                        closeHeld(h);
                    }
                } else {
                    for (int fd : fds) {
                        Libc.close(fd);
                    }
                }
            }
        }
        Libc.close(link);
        return listenerFd >= 0;
    }

    private static void closeHeld(Held h) {
        Libc.close(h.clientFd());
        Libc.close(h.serverFd());
    }

    /** Rebuilds every held connection; one that cannot be made consistent is closed with one log line. */
    Relay takeOver() throws IOException {
        long start = System.nanoTime();
        StateFile state = StateFile.open(config.stateFile());
        Relay relay = new Relay(config, state, listenerFd, null, log);
        long buffered = 0;
        int taken = 0;
        for (Map.Entry<Integer, Held> e : held.entrySet()) {
            int slot = e.getKey();
            Held h = e.getValue();
            SlotRecord record = state.read(slot);
            boolean known = record != null && record.connectionId() == h.id() && record.live();
            try {
                boolean http = config.mode() == Mode.HTTP;
                if (known && ((record.flags() & SlotRecord.HTTP) != 0) != http) {
                    throw new IOException("the dead proxy ran in the other mode (" + (http ? "TCP" : "HTTP") + ")");
                }
                Connection c = http ? rebuildHttp(state, slot, h, known ? record : null)
                        : rebuild(state, slot, h, known ? record : null);
                relay.adopt(c);
                buffered += c.up.pending() + c.down.pending();
                taken++;
            } catch (IOException ex) {
                log.accept("cannot resume connection in slot " + slot + ": " + ex.getMessage());
                Libc.shutdown(h.clientFd(), Libc.SHUT_RDWR);
                Libc.shutdown(h.serverFd(), Libc.SHUT_RDWR);
                closeHeld(h);
            }
        }
        log.accept("took over " + taken + " connection" + (taken == 1 ? "" : "s") + " (" + buffered
                + " bytes buffered) in " + (System.nanoTime() - start) / 1000 + " µs");
        return relay;
    }

    /**
     * The kernel says how far each stream really went: bytes the dead process took from a socket are in the
     * ring (it read straight into it), bytes it handed on are in the other socket. The record only bounds them.
     */
    private Connection rebuild(StateFile state, int slot, Held h, SlotRecord record) throws IOException {
        TcpCounters.Counts client = TcpCounters.of(h.clientFd(), false);
        TcpCounters.Counts server = TcpCounters.of(h.serverFd(), true);
        Pipe up = new Pipe(state.ring(slot, 0));
        Pipe down = new Pipe(state.ring(slot, 1));
        up.read = client.consumed();
        up.written = server.written();
        down.read = server.consumed();
        down.written = client.written();
        check(up, record == null ? 0 : record.clientToServerRead(), record == null ? 0 : record.clientToServerWritten(),
                "client to server");
        check(down, record == null ? 0 : record.serverToClientRead(),
                record == null ? 0 : record.serverToClientWritten(), "server to client");
        up.destinationShut = server.finSent();
        down.destinationShut = client.finSent();
        Endpoint from = record == null ? new Endpoint(0, 0) : new Endpoint(record.clientAddress(), record.clientPort());
        Endpoint to = record == null ? new Endpoint(0, 0)
                : new Endpoint(record.destinationAddress(), record.destinationPort());
        Connection c = new Connection(slot, h.id(), h.clientFd(), h.serverFd(), from, to, up, down, null);
        c.connecting = server.connecting();
        return c;
    }

    /**
     * HTTP mode: the client's bytes the dead process took are in the raw ring from its filter's last committed
     * snapshot on; a filter rebuilt there is fed them again and makes the same output, less what the server's
     * socket already has. The server-to-client direction is as in TCP mode, and a refusal's response, once the
     * dead process had queued it (the client has bytes past the server's, or the record counts them), again.
     */
    private Connection rebuildHttp(StateFile state, int slot, Held h, SlotRecord record) throws IOException {
        TcpCounters.Counts client = TcpCounters.of(h.clientFd(), false);
        TcpCounters.Counts server = TcpCounters.of(h.serverFd(), true);
        HttpFilter.Snapshot at = record == null ? HttpFilter.Snapshot.START
                : new HttpFilter.Snapshot(record.filterRaw(), record.filterOut(),
                        HttpFilter.Phase.values()[record.filterPhase()], record.filterRemaining(),
                        record.filterRequests(), record.filterRefusal());
        Pipe raw = new Pipe(state.ring(slot, 2));
        raw.written = at.raw();
        raw.read = client.consumed();
        if (raw.read < raw.written || raw.pending() > raw.capacity) {
            throw new IOException("client to proxy: the kernel's count (" + raw.read
                    + ") does not fit the filter's snapshot at " + raw.written);
        }
        Pipe up = new Pipe(state.ring(slot, 0));
        Pipe down = new Pipe(state.ring(slot, 1));
        up.written = server.written();
        up.read = Math.max(up.written, at.out());
        if (record != null && up.written < record.clientToServerWritten() || up.pending() > up.capacity) {
            throw new IOException("client to server: the kernel's count (" + up.written
                    + ") does not fit the snapshot (" + (record == null ? 0 : record.clientToServerWritten()) + ".."
                    + at.out() + ")");
        }
        HttpFilter filter = new HttpFilter(config.rules(), at, up.read - at.out());
        for (long from = raw.written; from < raw.read;) {
            long position = Math.floorMod(from, raw.capacity);
            long n = Math.min(raw.read - from, raw.capacity - position);
            ByteBuf bytes = Unpooled.wrappedBuffer(raw.ring.asSlice(position, n).asByteBuffer());
            filter.feed(bytes);
            bytes.release();
            from += n;
        }
        log.accept("slot " + slot + ": HTTP filter rebuilt " + at.phase() + (at.remaining() > 0 ? " (" + at.remaining()
                + " bytes left)" : "") + " after " + at.requests() + " requests, at client byte " + at.raw() + " ("
                + raw.pending() + " fed again, " + (up.read - at.out()) + " output bytes the server had)");
        down.read = server.consumed();
        down.written = client.written();
        boolean queued = filter.response() != null && (down.written > down.read
                || record != null && record.serverToClientRead() > down.read);
        if (queued) {
            down.append(MemorySegment.ofArray(filter.response()));
            down.sourceEnded = true;
        }
        check(down, record == null ? 0 : record.serverToClientRead(),
                record == null ? 0 : record.serverToClientWritten(), "server to client");
        up.destinationShut = server.finSent();
        down.destinationShut = client.finSent();
        Endpoint from = record == null ? new Endpoint(0, 0) : new Endpoint(record.clientAddress(), record.clientPort());
        Endpoint to = record == null ? new Endpoint(0, 0)
                : new Endpoint(record.destinationAddress(), record.destinationPort());
        Connection c = new Connection(slot, h.id(), h.clientFd(), h.serverFd(), from, to, up, down, filter);
        c.raw = raw;
        c.committedFilter = at;
        c.responseQueued = queued;
        c.connecting = server.connecting();
        return c;
    }

    private static void check(Pipe pipe, long committedRead, long committedWritten, String direction)
            throws IOException {
        if (pipe.read < committedRead || pipe.written < committedWritten || pipe.written > pipe.read
                || pipe.pending() > pipe.capacity) {
            throw new IOException(direction + ": the kernel's counts (" + pipe.written + ".." + pipe.read
                    + ") do not fit the snapshot (" + committedWritten + ".." + committedRead + ")");
        }
    }
}
