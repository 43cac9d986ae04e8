package org.unveil.bench;

/** A DNS lookup over UDP port 53 (RFC 1035) with EDNS(0) (RFC 6891): one query, one answer naming the server. */
final class DnsExchange extends Flow {
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int TYPE_OPT = 41;
    private static final int HEADER = 12;

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
        type = ipv6Address ? TYPE_AAAA : TYPE_A;
        answered = false;
    }

    @Override
    boolean emit(FrameWriter w, long elapsedNanos) {
        boolean query = !answered;
        answered = true;
        int l4 = open(w, query, FrameWriter.PROTO_UDP, false);
        byte[] f = w.frame;
        int dns = l4 + 8;
        Bytes.put16(f, dns, id);
        Bytes.put16(f, dns + 2, query ? 0x0100 : 0x8180); // recursion desired; response, recursion available
        Bytes.put16(f, dns + 4, 1);
        Bytes.put16(f, dns + 6, query ? 0 : 1);
        Bytes.put16(f, dns + 8, 0);
        Bytes.put16(f, dns + 10, 1); // the OPT record
        int at = Ascii.put(f, dns + HEADER, target.nameWire);
        Bytes.put16(f, at, type);
        Bytes.put16(f, at + 2, 1); // class IN
        at += 4;
        if (!query) {
            Bytes.put16(f, at, 0xC000 | HEADER); // the name, by pointer to the question
            Bytes.put16(f, at + 2, type);
            Bytes.put16(f, at + 4, 1);
            Bytes.put32(f, at + 6, rng.between(30, 3600));
            at += 10;
            if (type == TYPE_A) {
                Bytes.put16(f, at, 4);
                Bytes.put32(f, at + 2, target.ipv4);
                at += 6;
            } else {
                Bytes.put16(f, at, 16);
                Bytes.put64(f, at + 2, target.ipv6High);
                Bytes.put64(f, at + 10, target.ipv6Low);
                at += 18;
            }
        }
        f[at] = 0; // OPT: root name, type, UDP payload size, extended rcode and flags, no options
        Bytes.put16(f, at + 1, TYPE_OPT);
        Bytes.put16(f, at + 3, 1232);
        Bytes.put32(f, at + 5, 0);
        Bytes.put16(f, at + 9, 0);
        at += 11;
        int length = at - l4;
        w.udp(l4, query ? clientPort : serverPort, query ? serverPort : clientPort, length);
        w.finish(length, FrameWriter.PROTO_UDP, 6);
        return query;
    }
}
