package org.unveil.generator.app;

import org.unveil.generator.frame.Ascii;
import org.unveil.generator.frame.Bytes;

/**
 * Writes DNS queries and answers (RFC 1035 section 4.1) for a pre-encoded name: the header, the question, one
 * address record pointing back at the question's name, and optionally the EDNS(0) OPT record (RFC 6891) that
 * today's resolvers add. Each method writes at {@code at} and returns the offset after what it wrote.
 */
public final class DnsWriter {
    public static final int TYPE_A = 1;
    public static final int TYPE_AAAA = 28;
    private static final int TYPE_OPT = 41;
    private static final int CLASS_IN = 1;
    /** The header's length, and so where the question's name starts: what a compression pointer names. */
    public static final int HEADER = 12;
    /** Recursion desired. */
    public static final int QUERY_FLAGS = 0x0100;
    /** A response, recursion desired and available. */
    public static final int ANSWER_FLAGS = 0x8180;

    private DnsWriter() {
    }

    /** A name in DNS label form (3www7example3com0), encoded once per server. */
    public static byte[] labels(String name) {
        byte[] out = new byte[name.length() + 2];
        int i = 0;
        for (String label : name.split("\\.")) {
            out[i++] = (byte) label.length();
            i = Ascii.put(out, i, Ascii.bytes(label));
        }
        out[i] = 0;
        return out;
    }

    /** The header of a message with one question, {@code answers} answers and {@code additional} records. */
    public static int header(byte[] b, int at, int id, int flags, int answers, int additional) {
        Bytes.put16(b, at, id);
        Bytes.put16(b, at + 2, flags);
        Bytes.put16(b, at + 4, 1);
        Bytes.put16(b, at + 6, answers);
        Bytes.put16(b, at + 8, 0);
        Bytes.put16(b, at + 10, additional);
        return at + HEADER;
    }

    /** The question: {@code name} (in label form), its type, class IN. */
    public static int question(byte[] b, int at, byte[] name, int type) {
        int i = Ascii.put(b, at, name);
        Bytes.put16(b, i, type);
        Bytes.put16(b, i + 2, CLASS_IN);
        return i + 4;
    }

    /** An A record for the question's name, by a pointer to it. */
    public static int answerA(byte[] b, int at, int ttl, int address) {
        int i = answerStart(b, at, TYPE_A, ttl, 4);
        Bytes.put32(b, i, address);
        return i + 4;
    }

    /** An AAAA record for the question's name, by a pointer to it. */
    public static int answerAaaa(byte[] b, int at, int ttl, long addressHigh, long addressLow) {
        int i = answerStart(b, at, TYPE_AAAA, ttl, 16);
        Bytes.put64(b, i, addressHigh);
        Bytes.put64(b, i + 8, addressLow);
        return i + 16;
    }

    /** The OPT pseudo-record: root name, the UDP payload size offered, no extended rcode, flags or options. */
    public static int opt(byte[] b, int at, int udpPayloadSize) {
        b[at] = 0;
        Bytes.put16(b, at + 1, TYPE_OPT);
        Bytes.put16(b, at + 3, udpPayloadSize);
        Bytes.put32(b, at + 5, 0);
        Bytes.put16(b, at + 9, 0);
        return at + 11;
    }

    /** A recursive query for {@code name}'s A record, without EDNS; returns its length. */
    public static int query(byte[] b, int at, int id, byte[] name) {
        return question(b, header(b, at, id, QUERY_FLAGS, 0, 0), name, TYPE_A) - at;
    }

    /** The answer to {@link #query}: the question again and one A record; returns its length. */
    public static int answer(byte[] b, int at, int id, byte[] name, int address, int ttl) {
        return answerA(b, question(b, header(b, at, id, ANSWER_FLAGS, 1, 0), name, TYPE_A), ttl, address) - at;
    }

    private static int answerStart(byte[] b, int at, int type, int ttl, int dataLength) {
        Bytes.put16(b, at, 0xC000 | HEADER);
        Bytes.put16(b, at + 2, type);
        Bytes.put16(b, at + 4, CLASS_IN);
        Bytes.put32(b, at + 6, ttl);
        Bytes.put16(b, at + 10, dataLength);
        return at + 12;
    }
}
