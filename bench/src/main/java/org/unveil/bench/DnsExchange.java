package org.unveil.bench;

import org.unveil.generator.app.DnsWriter;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.Rng;

/** A DNS lookup over UDP port 53 (RFC 1035) with EDNS(0) (RFC 6891): one query, one answer naming the server. */
final class DnsExchange extends Flow {

    private Host target;
    private int id;
    private int type;
    private boolean answered;

    DnsExchange(Rng rng) {
        super(rng);
    }

    /** Starts a lookup of {@code name}'s address, once {@link #bind} has chosen client and resolver. */
    void start(Host name, boolean ipv6Address) {
        target = name;
        id = rng.nextInt(65536);
        type = ipv6Address ? DnsWriter.TYPE_AAAA : DnsWriter.TYPE_A;
        answered = false;
    }

    @Override
    boolean emit(FrameWriter w, long elapsedNanos) {
        boolean query = !answered;
        answered = true;
        int l4 = open(w, query, FrameWriter.PROTO_UDP, false);
        byte[] f = w.frame;
        int at = DnsWriter.header(f, l4 + 8, id, query ? DnsWriter.QUERY_FLAGS : DnsWriter.ANSWER_FLAGS,
                query ? 0 : 1, 1);
        at = DnsWriter.question(f, at, target.nameWire, type);
        if (!query) {
            int ttl = rng.between(30, 3600);
            at = type == DnsWriter.TYPE_A ? DnsWriter.answerA(f, at, ttl, target.ipv4)
                    : DnsWriter.answerAaaa(f, at, ttl, target.ipv6High, target.ipv6Low);
        }
        at = DnsWriter.opt(f, at, 1232);
        int length = at - l4;
        w.udp(l4, query ? clientPort : serverPort, query ? serverPort : clientPort, length);
        w.finish(length, FrameWriter.PROTO_UDP, 6);
        return query;
    }
}
