package org.unveil.bench;

import org.unveil.generator.frame.Ascii;
import org.unveil.generator.frame.Bytes;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.Rng;

/** A few ICMP (RFC 792) or ICMPv6 (RFC 4443) echo requests and their replies, with the sender's usual payload. */
final class PingExchange extends Flow {
    /** What Windows ping sends. */
    private static final byte[] WINDOWS_PAYLOAD = Ascii.bytes("abcdefghijklmnopqrstuvwabcdefghi");
    private static final int LINUX_PAYLOAD = 56;

    private final long startSeconds;
    private int identifier;
    private int sequence;
    private int pairs;
    private boolean replyNext;
    private long requestNanos;

    PingExchange(Rng rng, long startSeconds) {
        super(rng);
        this.startSeconds = startSeconds;
    }

    void start(int echoes) {
        identifier = rng.nextInt(65536);
        sequence = 1;
        pairs = echoes;
        replyNext = false;
    }

    @Override
    boolean emit(FrameWriter w, long elapsedNanos) {
        boolean request = !replyNext;
        if (request) {
            requestNanos = elapsedNanos; // the reply echoes the request's payload
        }
        boolean windows = client.os == OsProfile.WINDOWS;
        int protocol = v6 ? FrameWriter.PROTO_ICMPV6 : FrameWriter.PROTO_ICMP;
        int l4 = open(w, request, protocol, !windows && request);
        byte[] f = w.frame;
        f[l4] = (byte) (v6 ? (request ? 128 : 129) : (request ? 8 : 0));
        f[l4 + 1] = 0;
        Bytes.put16(f, l4 + 4, identifier);
        Bytes.put16(f, l4 + 6, sequence);
        int payload;
        if (windows) {
            payload = Ascii.put(f, l4 + 8, WINDOWS_PAYLOAD) - l4 - 8;
        } else {
            // Linux ping: the sending time as a 64-bit little-endian timeval, then 0x10, 0x11, ...
            long seconds = startSeconds + requestNanos / 1_000_000_000L;
            long micros = requestNanos / 1_000 % 1_000_000;
            Bytes.put64(f, l4 + 8, Long.reverseBytes(seconds));
            Bytes.put64(f, l4 + 16, Long.reverseBytes(micros));
            for (int i = 16; i < LINUX_PAYLOAD; i++) {
                f[l4 + 8 + i] = (byte) i;
            }
            payload = LINUX_PAYLOAD;
        }
        w.finish(8 + payload, protocol, 2);
        replyNext = !replyNext;
        if (request) {
            return true;
        }
        sequence++;
        return --pairs > 0;
    }
}
