package org.unveil.proxy;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.unveil.proxy.http.HttpFilter;
import org.unveil.proxy.state.StateFile;
import org.unveil.proxy.sys.Endpoint;
import org.unveil.proxy.sys.Libc;
import org.unveil.proxy.sys.Sockets;
import org.unveil.proxy.sys.TcpRepair;

/**
 * The backup node: receives the active node's replication link, and when it falls silent (500 ms without even a
 * heartbeat: the node is gone) holds the connections quiet with a firewall drop (CRIU's network lock), takes the
 * shared addresses (a command), rebuilds each connection's two sockets with TCP_REPAIR from the last snapshot,
 * lifts the drop and relays on. A direction's bytes not yet acknowledged by its destination go back into the
 * restored socket's send queue as sent-but-unacknowledged, so TCP itself retransmits what the peer lacks.
 */
final class NodeBackup {
    /** Silence after which the active node counts as gone (its heartbeat comes every 50 ms). */
    static final int SILENCE_MILLIS = 1000;
    /** How long the active node may take from connecting to its first message (a JVM starting on a busy host). */
    static final int FIRST_MESSAGE_MILLIS = 30_000;
    private static final String LOCK_TABLE = "unveil_lock";

    private final ProxyConfig config;
    private final Endpoint linkAt;
    private final String copiesOn;
    private final String takeoverCommand;
    private final Consumer<String> log;
    private final Map<Long, Replica> replicas = new LinkedHashMap<>();
    private final ClockLag clock = new ClockLag();
    private CopyCapture copies;

    NodeBackup(ProxyConfig config, Endpoint linkAt, String copiesOn, String takeoverCommand, Consumer<String> log) {
        this.config = config;
        this.linkAt = linkAt;
        this.copiesOn = copiesOn;
        this.takeoverCommand = takeoverCommand;
        this.log = log;
    }

    /** Waits for the active node, follows it until it is gone, and returns a relay carrying on its connections. */
    Relay follow(Runnable ready) throws IOException, InterruptedException {
        int listener = Sockets.transparentListener(config.listen(), config.transparent());
        try (ServerSocket server = new ServerSocket()) {
            server.bind(linkAt.socketAddress());
            if (copiesOn != null) {
                copies = new CopyCapture(copiesOn, linkAt.port());
            }
            ready.run();
            try (Socket link = server.accept()) {
                link.setSoTimeout(FIRST_MESSAGE_MILLIS);
                log.accept("following the active node at " + link.getRemoteSocketAddress());
                String why = receive(link, new DataInputStream(new BufferedInputStream(link.getInputStream(), 1 << 18)));
                log.accept("the active node is gone (" + why + "): taking over");
            }
            return takeOver(listener);
        } catch (IOException | RuntimeException e) {
            Libc.close(listener);
            throw e;
        } finally {
            if (copies != null) {
                copies.close();
            }
        }
    }

    /** Applies the link's messages until it ends or falls silent; says which. */
    private String receive(Socket link, DataInputStream in) throws IOException {
        boolean first = true;
        try {
            while (true) {
                int type = in.readUnsignedByte();
                if (first) {
                    // the silence clock starts with the first message: starting up, the active node may be slow
                    link.setSoTimeout(SILENCE_MILLIS);
                    first = false;
                }
                switch (type) {
                    case NodeLink.OPEN -> open(in);
                    case NodeLink.DATA -> data(in);
                    case NodeLink.ACKED -> acked(in);
                    case NodeLink.CLOSE -> close(in.readLong());
                    case NodeLink.FILTER -> filter(in);
                    case NodeLink.BEAT -> clock.heard(in.readLong(), TcpRepair.monotonicMillis());
                    default -> throw new IOException("the replication link sent message type " + type);
                }
            }
        } catch (SocketTimeoutException e) {
            return "silent for " + (first ? FIRST_MESSAGE_MILLIS : SILENCE_MILLIS) + " ms";
        } catch (EOFException e) {
            return "its link ended";
        } catch (IOException e) {
            return "its link failed: " + e.getMessage();
        }
    }

    private static Endpoint endpoint(DataInputStream in) throws IOException {
        return new Endpoint(in.readInt(), in.readInt());
    }

    private static TcpRepair.Sample sample(DataInputStream in) throws IOException {
        int[] v = new int[10];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readInt();
        }
        return new TcpRepair.Sample(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    private void open(DataInputStream in) throws IOException {
        long id = in.readLong();
        Endpoint client = endpoint(in);
        Endpoint clientLocal = endpoint(in);
        Endpoint destination = endpoint(in);
        Endpoint local = endpoint(in);
        replicas.put(id, new Replica(id, client, clientLocal, destination, local, sample(in), sample(in)));
    }

    private void data(DataInputStream in) throws IOException {
        long id = in.readLong();
        int direction = in.readUnsignedByte();
        long offset = in.readLong();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        Replica r = replicas.get(id);
        if (r != null) {
            (direction == NodeLink.UP ? r.up : direction == NodeLink.DOWN ? r.down : r.raw).add(offset, bytes);
        }
    }

    /** HTTP mode: a filter snapshot; the client's bytes before it are no longer needed. */
    private void filter(DataInputStream in) throws IOException {
        long id = in.readLong();
        HttpFilter.Snapshot f = new HttpFilter.Snapshot(in.readLong(), in.readLong(),
                HttpFilter.Phase.values()[in.readUnsignedByte()], in.readLong(), in.readInt(), in.readUnsignedByte());
        Replica r = replicas.get(id);
        if (r == null) {
            return;
        }
        r.filter = f;
        r.raw.acknowledged(f.raw());
        if (copies != null) {
            copies.acknowledged(r.client, r.clientLocal, r.clientSide.recvBase(), f.raw());
        }
    }

    private void acked(DataInputStream in) throws IOException {
        long id = in.readLong();
        long up = in.readLong();
        long down = in.readLong();
        int flags = in.readUnsignedByte();
        Replica r = replicas.get(id);
        if (r == null) {
            return;
        }
        r.up.acknowledged(up);
        r.down.acknowledged(down);
        if ((flags & NodeLink.FLAG_UP_ENDED) != 0 && r.up.finAt < 0) {
            r.up.finAt = r.up.end;
        }
        if ((flags & NodeLink.FLAG_DOWN_ENDED) != 0 && r.down.finAt < 0) {
            r.down.finAt = r.down.end;
        }
        if ((flags & NodeLink.FLAG_CLIENT_ENDED) != 0 && r.raw.finAt < 0) {
            r.raw.finAt = r.raw.end;
        }
        if (copies != null) {
            if (config.mode() != Mode.HTTP) { // in HTTP mode the filter's snapshot says which client bytes are done
                copies.acknowledged(r.client, r.clientLocal, r.clientSide.recvBase(), up);
            }
            copies.acknowledged(r.destination, r.local, r.serverSide.recvBase(), down);
        }
    }

    private void close(long id) {
        Replica r = replicas.remove(id);
        if (r != null && copies != null) {
            copies.forget(r.client, r.clientLocal);
            copies.forget(r.destination, r.local);
        }
    }

    /**
     * Where one direction resumes: from the first byte its destination may lack (the most it is known to have
     * acknowledged, by the link or by a copied segment), the bytes held from there without a gap, and whether the
     * source's FIN follows them.
     */
    private record Resume(long from, byte[] bytes, boolean fin) {
        long end() {
            return from + bytes.length;
        }

        /** The next sequence number the source's socket expects: past the FIN once it is had. */
        int recvSeq(int base) {
            return base + (int) end() + (fin ? 1 : 0);
        }

        int sendSeq(int base) {
            return base + (int) from;
        }
    }

    private static Resume resume(ReplicaStream s, long peerAcked) {
        long acked = Math.max(s.acked, peerAcked);
        long from = s.finAt >= 0 ? Math.min(acked, s.finAt) : acked;
        byte[] bytes = s.contiguous(from);
        if (s.finAt >= 0 && from + bytes.length > s.finAt) {
            bytes = java.util.Arrays.copyOf(bytes, (int) (s.finAt - from));
        }
        boolean fin = s.finAt >= 0 && from + bytes.length == s.finAt;
        return new Resume(from, bytes, fin);
    }

    private Relay takeOver(int listener) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String copied = copies != null ? copies.drain() : null;
        nft("table ip " + LOCK_TABLE + " {\n chain in { type filter hook prerouting priority -400; policy accept;"
                + " ip protocol tcp drop; }\n chain out { type filter hook output priority -400; policy accept;"
                + " ip protocol tcp drop; }\n}\n");
        long locked = System.nanoTime();
        List<Connection> restored = new ArrayList<>();
        Relay relay;
        long toServers = 0;
        long toClients = 0;
        try {
            if (takeoverCommand != null) {
                run(List.of("sh", "-c", takeoverCommand), "the take-over command");
            }
            StateFile state = StateFile.create(config.stateFile(), config.maxConnections(), config.ringBytes());
            relay = new Relay(config, state, listener, null, log);
            int slot = 0;
            for (Replica r : replicas.values()) {
                r.continueClocksOn(clock);
                if (slot >= state.slots()) {
                    log.accept(r.name() + ": not restored: more connections than --max-connections");
                    continue;
                }
                if (copies != null) {
                    copies.into(r.client, r.clientLocal, config.mode() == Mode.HTTP ? r.raw : r.up,
                            r.clientSide.recvBase());
                    copies.into(r.destination, r.local, r.down, r.serverSide.recvBase());
                }
                if (config.mode() == Mode.HTTP) {
                    try {
                        Connection c = restoreHttp(r, slot, state);
                        relay.adopt(c);
                        restored.add(c);
                        slot++;
                        toServers += c.up.written - c.serverResumedAt;
                        toClients += c.down.written - c.clientResumedAt;
                    } catch (IOException e) {
                        log.accept(r.name() + ": cannot restore: " + e.getMessage());
                    }
                    continue;
                }
                Resume up = resume(r.up, copies == null ? -1
                        : copies.acknowledgedBy(r.destination, r.local, r.serverSide.sendBase()));
                Resume down = resume(r.down, copies == null ? -1
                        : copies.acknowledgedBy(r.client, r.clientLocal, r.clientSide.sendBase()));
                int serverFd = -1;
                try (Arena arena = Arena.ofConfined()) {
                    serverFd = TcpRepair.restore(r.serverSide, r.local, r.destination, false,
                            up.sendSeq(r.serverSide.sendBase()), down.recvSeq(r.serverSide.recvBase()),
                            arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, up.bytes()), up.fin());
                    int clientFd = TcpRepair.restore(r.clientSide, r.clientLocal, r.client, config.transparent(),
                            down.sendSeq(r.clientSide.sendBase()), up.recvSeq(r.clientSide.recvBase()),
                            arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, down.bytes()), down.fin());
                    Connection c = new Connection(slot, r.id, clientFd, serverFd, r.client, r.destination,
                            new Pipe(state.ring(slot, 0)), new Pipe(state.ring(slot, 1)), null);
                    c.up.read = c.up.written = up.end();
                    c.down.read = c.down.written = down.end();
                    c.serverResumedAt = up.from();
                    c.clientResumedAt = down.from();
                    c.resumedToServer = up.bytes();
                    c.resumedToClient = down.bytes();
                    c.restoredFrom = r;
                    c.up.sourceEnded = up.fin();
                    c.down.sourceEnded = down.fin();
                    // a FIN known is restored as sent: the relay must not send another
                    c.up.destinationShut = up.fin();
                    c.down.destinationShut = down.fin();
                    relay.adopt(c);
                    restored.add(c);
                    slot++;
                    toServers += up.bytes().length;
                    toClients += down.bytes().length;
                    log.accept("restored " + r.name() + " (via " + r.local + "): client to server resumes at byte " + up.end() + " ("
                            + up.bytes().length + " unacknowledged" + (up.fin() ? ", FIN" : "")
                            + "), server to client at byte " + down.end() + " (" + down.bytes().length
                            + " unacknowledged" + (down.fin() ? ", FIN" : "") + "); client side " + r.clientSide
                            + ", server side " + r.serverSide);
                } catch (IOException e) {
                    if (serverFd >= 0) {
                        Libc.close(serverFd);
                    }
                    log.accept(r.name() + ": cannot restore: " + e.getMessage());
                }
            }
        } finally {
            nft("delete table ip " + LOCK_TABLE + "\n");
        }
        long unlocked = System.nanoTime();
        for (Connection c : restored) {
            TcpRepair.finish(c.serverFd);
            TcpRepair.finish(c.clientFd);
        }
        log.accept("took over " + restored.size() + " of " + replicas.size() + " connections in "
                + TimeUnit.NANOSECONDS.toMillis(unlocked - start) + " ms (network held quiet "
                + TimeUnit.NANOSECONDS.toMillis(unlocked - locked) + " ms; " + toServers + " bytes back in servers' and "
                + toClients + " in clients' send queues" + (copied != null ? "; " + copied : "") + ")");
        return relay;
    }

    /**
     * HTTP mode: a filter rebuilt at the last snapshot is fed the client's bytes held from there (link and
     * copies) and makes the filtered stream again; the server's socket gets what it may lack of it (from the
     * most it acknowledged: the link's bytes, then the remade ones), the client's socket expects the byte after
     * the held ones. Server to client as in TCP mode, and a refusal's response after the server's last byte.
     */
    private Connection restoreHttp(Replica r, int slot, StateFile state) throws IOException {
        HttpFilter.Snapshot at = r.filter;
        HttpFilter filter = new HttpFilter(config.rules(), at, 0);
        byte[] raw = r.raw.contiguous(at.raw());
        boolean clientFin = r.raw.finAt >= 0 && at.raw() + raw.length >= r.raw.finAt;
        if (clientFin) {
            raw = java.util.Arrays.copyOf(raw, (int) (r.raw.finAt - at.raw()));
        }
        io.netty.buffer.ByteBuf input = io.netty.buffer.Unpooled.wrappedBuffer(raw);
        filter.feed(input);
        input.release();
        java.io.ByteArrayOutputStream remade = new java.io.ByteArrayOutputStream();
        for (io.netty.buffer.ByteBuf b; (b = filter.nextOutput()) != null;) {
            b.readBytes(remade, b.readableBytes());
        }
        long remadeEnd = at.out() + remade.size();
        long serverAcked = Math.max(r.up.acked, copies == null ? -1
                : copies.acknowledgedBy(r.destination, r.local, r.serverSide.sendBase()));
        byte[] linked = r.up.contiguous(serverAcked);
        long linkedEnd = serverAcked + linked.length;
        if (linkedEnd < at.out() || linkedEnd > remadeEnd || serverAcked > remadeEnd) {
            throw new IOException("the filtered stream does not join up (acknowledged " + serverAcked + ", link to "
                    + linkedEnd + ", remade " + at.out() + ".." + remadeEnd + ")");
        }
        java.io.ByteArrayOutputStream toServer = new java.io.ByteArrayOutputStream();
        toServer.writeBytes(linked);
        byte[] all = remade.toByteArray();
        int skip = (int) (Math.max(linkedEnd, serverAcked) - at.out());
        toServer.write(all, skip, all.length - skip);
        boolean refused = filter.response() != null;
        // the FIN towards the server: once the client's stream ended or a refusal ended forwarding, after the
        // last filtered byte; restored as sent only if the active node had sent it (else the relay sends it)
        boolean serverFin = r.up.finAt >= 0 && r.up.finAt == remadeEnd && serverAcked <= r.up.finAt;
        Resume down = resume(r.down, copies == null ? -1
                : copies.acknowledgedBy(r.client, r.clientLocal, r.clientSide.sendBase()));
        byte[] toClient = down.bytes();
        boolean respond = refused && down.fin();
        if (respond) {
            toClient = java.util.Arrays.copyOf(toClient, toClient.length + filter.response().length);
            System.arraycopy(filter.response(), 0, toClient, down.bytes().length, filter.response().length);
        }
        int serverFd = -1;
        try (Arena arena = Arena.ofConfined()) {
            serverFd = TcpRepair.restore(r.serverSide, r.local, r.destination, false,
                    r.serverSide.sendBase() + (int) serverAcked, down.recvSeq(r.serverSide.recvBase()),
                    arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, toServer.toByteArray()), serverFin);
            // without a refusal the client's FIN follows the server's, as in TCP mode
            boolean toClientFin = down.fin();
            int clientFd = TcpRepair.restore(r.clientSide, r.clientLocal, r.client, config.transparent(),
                    down.sendSeq(r.clientSide.sendBase()),
                    r.clientSide.recvBase() + (int) (at.raw() + raw.length) + (clientFin ? 1 : 0),
                    arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, toClient), toClientFin);
            Connection c = new Connection(slot, r.id, clientFd, serverFd, r.client, r.destination,
                    new Pipe(state.ring(slot, 0)), new Pipe(state.ring(slot, 1)), filter);
            c.raw = new Pipe(state.ring(slot, 2));
            // the client's bytes from the rebuilt filter's newest snapshot on, for the next fail-over
            HttpFilter.Snapshot now = filter.snapshot();
            c.raw.written = now.raw();
            c.raw.read = now.raw();
            c.raw.append(MemorySegment.ofArray(java.util.Arrays.copyOfRange(raw, (int) (now.raw() - at.raw()),
                    raw.length)));
            c.committedFilter = now;
            c.serverResumedAt = serverAcked;
            c.clientResumedAt = down.from();
            c.resumedToServer = toServer.toByteArray();
            c.resumedToClient = down.bytes(); // the server's bytes only: a refusal's response is remade
            c.restoredFrom = r;
            c.up.read = c.up.written = serverAcked + toServer.size();
            c.down.read = c.down.written = down.from() + toClient.length;
            c.clientEnded = clientFin;
            c.up.sourceEnded = clientFin || refused;
            c.up.destinationShut = serverFin;
            c.down.sourceEnded = down.fin();
            c.down.destinationShut = toClientFin;
            c.responseQueued = respond;
            log.accept("restored " + r.name() + " (via " + r.local + ", HTTP filter at " + at.phase()
                    + (at.remaining() > 0 ? " with " + at.remaining() + " bytes left" : "") + " after " + at.requests()
                    + " requests, " + raw.length + " client bytes fed again): client to server resumes at byte "
                    + c.up.written + " (" + toServer.size() + " unacknowledged" + (serverFin ? ", FIN" : "")
                    + "), client's stream at byte " + (at.raw() + raw.length) + (clientFin ? " and FIN" : "")
                    + ", server to client at byte " + c.down.written + " (" + toClient.length + " unacknowledged"
                    + (respond ? ", the refusal" : "") + (toClientFin ? ", FIN" : "") + ")");
            return c;
        } catch (IOException e) {
            if (serverFd >= 0) {
                Libc.close(serverFd);
            }
            throw e;
        }
    }

    private static void nft(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        finish(p, "nft");
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        finish(new ProcessBuilder(command).redirectErrorStream(true).start(), what);
    }

    private static void finish(Process p, String what) throws IOException, InterruptedException {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(what + " did not finish within 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + p.exitValue() + ")" + (out.isEmpty() ? "" : ": " + out));
        }
    }
}
