package org.unveil.bench;

import org.unveil.generator.frame.Bytes;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.Rng;

/**
 * QUIC-like traffic on UDP port 443 (RFC 9000 section 17): a client Initial padded to 1250 bytes, the
 * server's coalesced Initial and Handshake, then short-header packets, mostly full ones from the server
 * and small acknowledgments from the client. Payloads are noise, as protected packets look.
 */
final class QuicFlow extends Flow {
    private static final int VERSION_1 = 1;
    private static final int TYPE_INITIAL = 0;
    private static final int TYPE_HANDSHAKE = 2;

    private final Content content;
    private long clientChosenId;
    private long serverId;
    private int sent;
    private int packets;

    QuicFlow(Rng rng, Content content) {
        super(rng);
        this.content = content;
    }

    void start(int packetCount) {
        clientChosenId = rng.nextLong();
        serverId = rng.nextLong();
        sent = 0;
        packets = packetCount;
    }

    @Override
    boolean emit(FrameWriter w, long elapsedNanos) {
        boolean fromClient = sent == 0 || (sent > 1 && rng.percent(35));
        int l4 = open(w, fromClient, FrameWriter.PROTO_UDP, false);
        int at = l4 + 8;
        if (sent == 0) {
            at = longHeader(w, at, TYPE_INITIAL, clientChosenId, 8, 0, 0, 1250); // padded as RFC 9000 asks
        } else if (sent == 1) {
            at = longHeader(w, at, TYPE_INITIAL, 0, 0, serverId, 8, rng.between(100, 180));
            at = longHeader(w, at, TYPE_HANDSHAKE, 0, 0, serverId, 8, 1200 - (at - l4 - 8));
        } else {
            w.frame[at++] = (byte) (0x40 | rng.nextInt(64)); // short header: fixed bit set, the rest protected
            if (fromClient) {
                Bytes.put64(w.frame, at, serverId);
                at += 8;
            }
            int payload = fromClient ? rng.between(30, 60) : rng.percent(55) ? 1252 - 1 : rng.between(40, 900);
            Content.copy(content.noise, rng.nextInt(1 << 20), w.frame, at, payload);
            at += payload;
        }
        int length = at - l4;
        w.udp(l4, fromClient ? clientPort : serverPort, fromClient ? serverPort : clientPort, length);
        w.finish(length, FrameWriter.PROTO_UDP, 6);
        return ++sent < packets;
    }

    /**
     * A long-header packet that fills {@code size} bytes from {@code at} (header included); returns the offset
     * after it.
     */
    private int longHeader(FrameWriter w, int at, int type, long destinationId, int destinationLength, long sourceId,
            int sourceLength, int size) {
        byte[] f = w.frame;
        int start = at;
        f[at++] = (byte) (0xC0 | (type << 4) | 0x03); // long header, fixed bit, type, 4-byte packet number
        Bytes.put32(f, at, VERSION_1);
        at += 4;
        f[at++] = (byte) destinationLength;
        if (destinationLength > 0) {
            Bytes.put64(f, at, destinationId);
            at += 8;
        }
        f[at++] = (byte) sourceLength;
        if (sourceLength > 0) {
            Bytes.put64(f, at, sourceId);
            at += 8;
        }
        if (type == TYPE_INITIAL) {
            f[at++] = 0; // no token
        }
        int rest = size - (at - start) - 2;
        Bytes.put16(f, at, 0x4000 | rest); // a two-byte variable-length integer
        at += 2;
        Content.copy(content.noise, rng.nextInt(1 << 20), f, at, rest);
        return at + rest;
    }
}
