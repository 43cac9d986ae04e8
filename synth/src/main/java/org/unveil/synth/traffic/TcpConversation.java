package org.unveil.synth.traffic;

import static org.unveil.capture.decode.TcpHeader.ACK;
import static org.unveil.capture.decode.TcpHeader.FIN;
import static org.unveil.capture.decode.TcpHeader.PSH;
import static org.unveil.capture.decode.TcpHeader.SYN;

import org.unveil.generator.app.HttpWriter;
import org.unveil.generator.frame.Ascii;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.frame.OptionLayout;
import org.unveil.generator.stack.Distributions;
import org.unveil.generator.stack.SynSignature;

/**
 * One TCP connection from a host to a server, one packet per {@link #fire}: handshake, an HTTP request (port 80)
 * or a TLS ClientHello (443), the server's response in MSS-sized segments with the client acknowledging every
 * second one, and the close. Both ends stamp their own IPIDs and timestamps; lost packets are sent again after
 * a retransmission timeout, so they consume IPIDs and ticks as real retransmissions do.
 */
final class TcpConversation extends Flow {
    private static final int SYN_SENT = 0;
    private static final int SYN_ACKED = 1;
    private static final int ESTABLISHED = 2;
    private static final int REQUEST = 3;
    private static final int DATA = 4;
    private static final int CLOSING = 5;
    private static final int SERVER_CLOSING = 6;
    private static final int LAST_ACK = 7;
    /** RFC 6298's initial RTO, for lost handshake packets. */
    private static final long SYN_RTO = 1_000_000_000L;
    /** Linux's minimum RTO, for everything later. */
    private static final long RTO = 200_000_000L;
    private static final long TURNAROUND = 50_000;
    private static final byte[][] PATHS = {Ascii.bytes("/"), Ascii.bytes("/index.html"),
        Ascii.bytes("/api/v1/items?page=2"), Ascii.bytes("/static/app.js"),
        Ascii.bytes("/images/logo.png")};

    private final boolean tls;
    private final boolean timestamps;
    private final int[] ipid = new int[2];
    private final long clientOffset;
    private final long serverOffset;
    private final int segmentSize;
    private final int bodyLength;
    private final int total;
    private final int segments;
    private final long gapNanos;
    private final long thinkNanos;
    private final byte[] path;
    private int state = SYN_SENT;
    private long clientSeq;
    private long serverSeq;
    private long serverDataStart;
    private long clientTs;
    private long serverTs;
    private int sent;
    private int acked;
    private long dataBase;
    private int optionsLength;

    TcpConversation(SyntheticCapture g, Endpoint host, Server server, boolean tls) {
        super(FrameWriter.PROTO_TCP, host, server, tls ? 443 : 80);
        var rng = g.rng;
        this.tls = tls;
        this.timestamps = host.timestamps() && server.endpoint.timestamps();
        ipid[0] = rng.nextInt(65536);
        ipid[1] = rng.nextInt(65536);
        clientOffset = rng.nextLong();
        serverOffset = rng.nextLong();
        clientSeq = rng.nextInt() & 0xFFFF_FFFFL;
        serverSeq = rng.nextInt() & 0xFFFF_FFFFL;
        segmentSize = Math.min(host.profile.syn().mss(), server.endpoint.profile.syn().mss())
                - (timestamps ? 12 : 0);
        bodyLength = Distributions.logUniform(rng, Scenario.MIN_RESPONSE_BYTES, g.maxResponseBytes);
        total = tls ? bodyLength : bodyLength + HttpWriter.responseHeadLength(server.endpoint.product, bodyLength);
        segments = (total + segmentSize - 1) / segmentSize;
        gapNanos = (long) segmentSize * 8 * 1_000_000_000L / (20_000_000L + rng.nextInt(180_000_000));
        thinkNanos = 1_000_000L + rng.nextInt(40_000_000);
        path = PATHS[rng.nextInt(PATHS.length)];
    }

    @Override
    boolean fire(SyntheticCapture g) {
        long half = server.halfRttNanos;
        long lan = SyntheticCapture.LAN_NANOS;
        switch (state) {
            case SYN_SENT -> {
                if (publicPort == 0) {
                    g.connect(this); // connect() picks the port when it runs, not when the session was planned
                }
                control(g, false, SYN, SYN_ACKED, SYN_RTO);
            }
            case SYN_ACKED -> {
                control(g, true, SYN | ACK, ESTABLISHED, SYN_RTO);
                serverDataStart = serverSeq;
            }
            case ESTABLISHED -> {
                open(g, false, ACK, false);
                close(g, false, 0); // a lost pure ACK is not sent again
                state = REQUEST;
                time += 20_000;
            }
            case REQUEST -> request(g, half, lan);
            case DATA -> {
                return data(g, half, lan);
            }
            case CLOSING -> control(g, false, FIN | ACK, SERVER_CLOSING, RTO);
            case SERVER_CLOSING -> control(g, true, FIN | ACK, LAST_ACK, RTO);
            default -> {
                open(g, false, ACK, false);
                close(g, false, 0);
                g.release(this);
                return false;
            }
        }
        return true;
    }

    /**
     * Sends a SYN or FIN, which take one sequence number and must arrive: on success the peer answers one
     * path later (in state {@code next}); a lost one is sent again after {@code rto}.
     */
    private void control(SyntheticCapture g, boolean fromServer, int flags, int next, long rto) {
        open(g, fromServer, flags, (flags & SYN) != 0);
        if (!close(g, fromServer, 0)) {
            time += rto;
            return;
        }
        if (fromServer) {
            serverSeq++;
        } else {
            clientSeq++;
        }
        state = next;
        time += SyntheticCapture.LAN_NANOS + server.halfRttNanos + TURNAROUND;
    }

    private void request(SyntheticCapture g, long half, long lan) {
        int at = open(g, false, PSH | ACK, false);
        byte[] b = g.frame.frame;
        int length = tls ? host.tls.write(b, at, server.nameBytes, g.rng)
                : HttpWriter.request(b, at, path, server.nameBytes, host.product);
        if (close(g, false, length)) {
            clientSeq += length;
            state = DATA;
            dataBase = time + lan + half + thinkNanos;
            time = dataBase;
        } else {
            time += RTO;
        }
    }

    /** The server's segments and the client's ACKs of every second one, merged in order of sending. */
    private boolean data(SyntheticCapture g, long half, long lan) {
        long segmentAt = sent < segments ? dataBase + sent * gapNanos : Long.MAX_VALUE;
        int ackUpTo = Math.min(acked + 2, segments);
        long ackAt = acked < segments && ackUpTo <= sent ? dataBase + (ackUpTo - 1) * gapNanos + half + lan
                : Long.MAX_VALUE;
        if (segmentAt <= ackAt) {
            time = segmentAt;
            int offset = sent * segmentSize;
            int length = Math.min(segmentSize, total - offset);
            int at = open(g, true, sent == segments - 1 ? PSH | ACK : ACK, false);
            writeResponse(g, at, offset, length);
            if (close(g, true, length)) {
                serverSeq += length;
                sent++;
            } else {
                dataBase += RTO; // the sender stalls until the timeout, then goes on from the lost segment
            }
        } else {
            time = ackAt;
            long ack = serverDataStart + Math.min((long) ackUpTo * segmentSize, total);
            long keep = serverSeq;
            serverSeq = ack & 0xFFFF_FFFFL;
            open(g, false, ACK, false);
            serverSeq = keep;
            close(g, false, 0);
            acked = ackUpTo;
        }
        if (acked == segments) {
            state = CLOSING;
            time += thinkNanos / 4 + 1_000_000;
        } else {
            time = Math.min(sent < segments ? dataBase + sent * gapNanos : Long.MAX_VALUE,
                    dataBase + (Math.min(acked + 2, segments) - 1) * gapNanos + half + lan);
        }
        return true;
    }

    private void writeResponse(SyntheticCapture g, int at, int offset, int length) {
        byte[] b = g.frame.frame;
        int filled = 0;
        if (offset == 0) {
            if (tls) {
                b[at] = 22; // a handshake record (ServerHello, certificate…) opens the response
                b[at + 1] = 3;
                b[at + 2] = 3;
                g.frame.put16(at + 3, Math.min(length, 16_384) - 5);
                filled = 5;
            } else {
                filled = HttpWriter.responseHead(b, at, server.endpoint.product, bodyLength);
            }
        }
        int source = (int) ((serverSeq + offset) & (SyntheticCapture.FILLER_MASK));
        System.arraycopy(g.filler, source, b, at + filled, length - filled);
    }

    /** Writes the IP and TCP headers and options; returns where the payload goes. */
    private int open(SyntheticCapture g, boolean fromServer, int flags, boolean handshake) {
        Endpoint me = fromServer ? server.endpoint : host;
        SynSignature syn = me.profile.syn();
        boolean sendTs = handshake ? me.timestamps() && (!fromServer || timestamps) : timestamps;
        long ts = sendTs ? me.tsval(time, fromServer ? publicAddress : server.endpoint.address,
                fromServer ? serverOffset : clientOffset) : 0;
        long echo = fromServer ? clientTs : serverTs;
        byte[] b = g.frame.frame;
        if (handshake) {
            optionsLength = syn.layout().write(b, FrameWriter.IPV4_TCP_OPTIONS, syn.mss(), syn.windowScale(), sendTs,
                    ts, echo);
        } else {
            optionsLength = sendTs ? OptionLayout.writeEstablished(b, FrameWriter.IPV4_TCP_OPTIONS, ts, echo) : 0;
        }
        if (sendTs) {
            if (fromServer) {
                serverTs = ts;
            } else {
                clientTs = ts;
            }
        }
        if (fromServer) {
            g.serverIp(this, me.nextIpid(g.serverPeer(this), ipid, 1, g.rng), true, FrameWriter.PROTO_TCP);
        } else {
            g.clientIp(this, me.nextIpid(g.hostPeer(server), ipid, 0, g.rng), true, FrameWriter.PROTO_TCP);
        }
        int window = handshake ? syn.window() : Math.max(1, (syn.window() << 4) >> syn.windowScale());
        g.frame.tcp(FrameWriter.IPV4_L4, fromServer ? serverPort : publicPort, fromServer ? publicPort : serverPort,
                fromServer ? serverSeq : clientSeq, (flags & ACK) != 0 ? (fromServer ? clientSeq : serverSeq) : 0,
                flags, Math.min(window, 65535), optionsLength);
        return FrameWriter.IPV4_TCP_OPTIONS + optionsLength;
    }

    private boolean close(SyntheticCapture g, boolean fromServer, int payloadLength) {
        return g.send(this, fromServer, time, g.frame.finish(20 + optionsLength + payloadLength, FrameWriter.PROTO_TCP, 16));
    }

}
