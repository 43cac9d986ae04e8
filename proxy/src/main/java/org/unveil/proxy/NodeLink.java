package org.unveil.proxy;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Socket;
import java.util.function.Consumer;
import org.unveil.proxy.http.HttpFilter;
import org.unveil.proxy.sys.Endpoint;
import org.unveil.proxy.sys.Sockets;
import org.unveil.proxy.sys.TcpRepair;

/**
 * The active node's side of the replication link to a backup node (TCP): for each connection, once, what
 * TCP_REPAIR needs to rebuild its two sockets; then every byte the proxy takes from a socket, how far each
 * destination has acknowledged, and word of its end; a heartbeat ends every flush, and comes every 50 ms when
 * there is nothing else, carrying this process's monotonic clock (the backup learns from it how far its own clock
 * is behind, to continue the connections' TCP timestamp clocks on it). In
 * HTTP mode also the client's bytes as read (the filter's input) and each filter snapshot the state file
 * commits, so the backup can rebuild the filter and make its output again. The
 * relay writes after each cycle, before the next read can reuse ring space. A backup that is gone is logged
 * once and forgotten.
 */
final class NodeLink implements AutoCloseable {
    static final int OPEN = 1;
    static final int DATA = 2;
    static final int ACKED = 3;
    static final int CLOSE = 4;
    static final int BEAT = 5;
    /** HTTP mode: the filter snapshot the state file last committed (its output is in the link's bytes). */
    static final int FILTER = 6;
    static final int FLAG_UP_ENDED = 1;
    static final int FLAG_DOWN_ENDED = 2;
    /** HTTP mode: the client's FIN was read (the raw stream ends). */
    static final int FLAG_CLIENT_ENDED = 4;
    /** Streams of a DATA message: client to server (filtered in HTTP mode), server to client, the client's raw bytes. */
    static final int UP = 0;
    static final int DOWN = 1;
    static final int RAW = 2;
    static final long BEAT_NANOS = 50_000_000L;

    private final Socket socket;
    private final DataOutputStream out;
    private final Consumer<String> log;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment info = TcpRepair.infoBuffer(arena);
    private final MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment scratch = arena.allocate(64, 8);
    private final byte[] chunk = new byte[65536];
    private long lastSent = System.nanoTime();
    private boolean gone;
    private boolean dirty;

    NodeLink(Endpoint backup, Consumer<String> log) throws IOException {
        this.log = log;
        this.socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(backup.socketAddress(), 5000);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot reach the backup node at " + backup + ": " + e.getMessage());
        }
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 18));
    }

    /** A connection whose two sockets are up: samples both before anything is written to either. */
    void opened(Connection c) {
        if (gone) {
            return;
        }
        try {
            TcpRepair.Sample client = TcpRepair.sample(c.clientFd);
            TcpRepair.Sample server = TcpRepair.sample(c.serverFd);
            Endpoint clientLocal = Sockets.localAddress(c.clientFd, scratch);
            Endpoint local = Sockets.localAddress(c.serverFd, scratch);
            c.replicated = true;
            dirty = true;
            out.writeByte(OPEN);
            out.writeLong(c.id);
            for (Endpoint e : new Endpoint[] {c.client, clientLocal, c.destination, local}) {
                out.writeInt(e.address());
                out.writeInt(e.port());
            }
            write(client);
            write(server);
        } catch (IOException e) {
            if (!c.replicated) {
                log.accept(c.name() + ": not replicated to the backup node: " + e.getMessage());
            } else {
                lost(e);
            }
        }
    }

    /**
     * A connection this node restored after a take-over (TCP_REPAIR): its sockets' first samples, as the node
     * before had them (a restored socket's counts start at the restore, so a fresh sample would be wrong), the
     * bytes put back in their send queues, and, in HTTP mode, the client's bytes from the filter's snapshot;
     * acknowledged counts are then offset by where each stream resumed.
     */
    void resumed(Connection c) {
        if (gone) {
            return;
        }
        Replica r = c.restoredFrom;
        try {
            c.replicated = true;
            dirty = true;
            out.writeByte(OPEN);
            out.writeLong(c.id);
            for (Endpoint e : new Endpoint[] {r.client, r.clientLocal, r.destination, r.local}) {
                out.writeInt(e.address());
                out.writeInt(e.port());
            }
            write(r.clientSide);
            write(r.serverSide);
            if (c.filter != null) {
                c.replicatedRaw = c.raw.written;
                data(c, RAW, c.raw, c.raw.read);
            }
            bytes(c.id, UP, c.serverResumedAt, c.resumedToServer);
            bytes(c.id, DOWN, c.clientResumedAt, c.resumedToClient);
            c.replicatedUp = c.up.read;
            c.replicatedDown = c.clientResumedAt + c.resumedToClient.length;
            c.restoredSockets = true;
        } catch (IOException e) {
            lost(e);
        }
    }

    private void bytes(long id, int direction, long from, byte[] bytes) throws IOException {
        for (int at = 0; at < bytes.length; at += chunk.length) {
            int n = Math.min(chunk.length, bytes.length - at);
            out.writeByte(DATA);
            out.writeLong(id);
            out.writeByte(direction);
            out.writeLong(from + at);
            out.writeInt(n);
            out.write(bytes, at, n);
        }
    }

    private void write(TcpRepair.Sample s) throws IOException {
        for (int v : new int[] {s.sendBase(), s.recvBase(), s.mss(), s.sndWscale(), s.rcvWscale(), s.options(),
                s.tsOffset(), s.sndWnd(), s.rcvWnd(), s.maxWindow()}) {
            out.writeInt(v);
        }
    }

    /** After a cycle: the bytes read since the last call (still in the rings), the acknowledged counts, ends. */
    void cycle(Connection c) {
        if (gone || !c.replicated) {
            return;
        }
        try {
            // the client's raw bytes before the filtered bytes made of them: the link's buffer may reach the backup
            // only in part when the node dies, and the backup must never hold output whose input it lacks
            if (c.filter != null) {
                data(c, RAW, c.raw, c.raw.read);
            }
            data(c, UP, c.up, c.up.read);
            // a refusal's response is the proxy's, not the server's: the backup makes it again
            data(c, DOWN, c.down, c.down.read - (c.responseQueued ? c.filter.response().length : 0));
            if (c.filter != null) {
                HttpFilter.Snapshot f = c.committedFilter;
                if (f != c.sentFilter) {
                    dirty = true;
                    out.writeByte(FILTER);
                    out.writeLong(c.id);
                    out.writeLong(f.raw());
                    out.writeLong(f.out());
                    out.writeByte(f.phase().ordinal());
                    out.writeLong(f.remaining());
                    out.writeInt(f.requests());
                    out.writeByte(f.refusal());
                    c.sentFilter = f;
                }
            }
            // an original socket's count includes its SYN (the server side's); a restored one's starts at the restore
            long upAcked = c.restoredSockets ? c.serverResumedAt + TcpRepair.bytesAcked(c.serverFd, info, length)
                    : TcpRepair.bytesAcked(c.serverFd, info, length) - 1;
            long downAcked = (c.restoredSockets ? c.clientResumedAt : 0) + TcpRepair.bytesAcked(c.clientFd, info, length);
            int flags = (c.up.sourceEnded ? FLAG_UP_ENDED : 0) | (c.down.sourceEnded ? FLAG_DOWN_ENDED : 0)
                    | (c.clientEnded ? FLAG_CLIENT_ENDED : 0);
            if (upAcked != c.sentUpAcked || downAcked != c.sentDownAcked || flags != c.sentFlags) {
                dirty = true;
                out.writeByte(ACKED);
                out.writeLong(c.id);
                out.writeLong(Math.max(0, upAcked));
                out.writeLong(Math.max(0, downAcked));
                out.writeByte(flags);
                c.sentUpAcked = upAcked;
                c.sentDownAcked = downAcked;
                c.sentFlags = flags;
            }
        } catch (IOException e) {
            lost(e);
        }
    }

    private void data(Connection c, int direction, Pipe pipe, long until) throws IOException {
        long from = direction == UP ? c.replicatedUp : direction == DOWN ? c.replicatedDown : c.replicatedRaw;
        while (from < until) {
            long position = Math.floorMod(from, pipe.capacity);
            int n = (int) Math.min(Math.min(until - from, pipe.capacity - position), chunk.length);
            MemorySegment.copy(pipe.ring, ValueLayout.JAVA_BYTE, position, chunk, 0, n);
            dirty = true;
            out.writeByte(DATA);
            out.writeLong(c.id);
            out.writeByte(direction);
            out.writeLong(from);
            out.writeInt(n);
            out.write(chunk, 0, n);
            from += n;
        }
        if (direction == UP) {
            c.replicatedUp = from;
        } else if (direction == DOWN) {
            c.replicatedDown = from;
        } else {
            c.replicatedRaw = from;
        }
    }

    void closed(Connection c) {
        if (gone || !c.replicated) {
            return;
        }
        try {
            dirty = true;
            out.writeByte(CLOSE);
            out.writeLong(c.id);
        } catch (IOException e) {
            lost(e);
        }
    }

    /** Sends what the cycle queued and a heartbeat, or only the heartbeat when it queued nothing for 50 ms. */
    void flush() {
        if (gone) {
            return;
        }
        try {
            long now = System.nanoTime();
            if (!dirty && now - lastSent < BEAT_NANOS) {
                return;
            }
            out.writeByte(BEAT);
            out.writeLong(TcpRepair.monotonicMillis());
            out.flush();
            lastSent = now;
            dirty = false;
        } catch (IOException e) {
            lost(e);
        }
    }

    private void lost(IOException e) {
        if (!gone) {
            gone = true;
            log.accept("the backup node is gone, carrying on without one: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a link that failed
        }
        arena.close();
    }
}
