package org.unveil.synth.frame;

/** Writes a DNS A query and its answer (RFC 1035 section 4.1) for a pre-encoded name, for the UDP traffic. */
public final class DnsWriter {
    private DnsWriter() {
    }

    /** A name in DNS label form (3www7example3com0), encoded once per server. */
    public static byte[] labels(String name) {
        byte[] out = new byte[name.length() + 2];
        int i = 0;
        for (String label : name.split("\\.")) {
            out[i++] = (byte) label.length();
            for (int k = 0; k < label.length(); k++) {
                out[i++] = (byte) label.charAt(k);
            }
        }
        out[i] = 0;
        return out;
    }

    /** A recursive query for {@code name}'s A record; returns its length. */
    public static int query(byte[] b, int at, int id, byte[] name) {
        return header(b, at, id, 0x0100, 0) + question(b, at + 12, name);
    }

    /** The answer: the question again and one A record of {@code address}, TTL {@code ttl}; returns its length. */
    public static int answer(byte[] b, int at, int id, byte[] name, int address, int ttl) {
        int i = at + header(b, at, id, 0x8180, 1);
        i += question(b, i, name);
        i = put16(b, i, 0xC00C); // a pointer to the name in the question
        i = put16(b, i, 1);
        i = put16(b, i, 1);
        i = put16(b, i, ttl >>> 16);
        i = put16(b, i, ttl);
        i = put16(b, i, 4);
        i = put16(b, i, address >>> 16);
        i = put16(b, i, address);
        return i - at;
    }

    private static int header(byte[] b, int at, int id, int flags, int answers) {
        int i = put16(b, at, id);
        i = put16(b, i, flags);
        i = put16(b, i, 1);
        i = put16(b, i, answers);
        i = put16(b, i, 0);
        put16(b, i, 0);
        return 12;
    }

    private static int question(byte[] b, int at, byte[] name) {
        System.arraycopy(name, 0, b, at, name.length);
        int i = at + name.length;
        b[i++] = 0;
        b[i++] = 1; // A
        b[i++] = 0;
        b[i++] = 1; // IN
        return i - at;
    }

    private static int put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
        return at + 2;
    }
}
