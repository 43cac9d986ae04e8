package org.unveil.probe;

import java.util.HexFormat;

/**
 * The key name of the session ticket in a server's TLS 1.2 handshake, read from the bytes it sent (RFC 5246 §6.2
 * records, §7.4 handshake messages). RFC 5077 §3.3: the server sends NewSessionTicket (handshake type 4) before
 * its ChangeCipherSpec, so in clear; §4 recommends tickets that begin with a 16-byte key_name naming the key that
 * sealed them, the form OpenSSL (nginx, haproxy, Apache) writes. Back-ends with keys of their own show names of
 * their own; back-ends that share ticket keys (so that any can resume any session) show one.
 */
final class SessionTicket {
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int HANDSHAKE = 22;
    private static final int NEW_SESSION_TICKET = 4;
    private static final int KEY_NAME = 16;

    private SessionTicket() {
    }

    /**
     * The hex key name of the first non-empty ticket among the handshake messages before the server's
     * ChangeCipherSpec, or "" where there is none (TLS 1.3, whose tickets are encrypted; a server that issues none;
     * a ticket too short to hold a key name).
     */
    static String keyName(byte[] server) {
        // the handshake messages, reassembled from the records that carry them (a message may span records)
        byte[] messages = new byte[server.length];
        int length = 0;
        for (int at = 0; at + 5 <= server.length; ) {
            int type = server[at] & 0xFF;
            int fragment = u16(server, at + 3);
            if (type == CHANGE_CIPHER_SPEC || at + 5 + fragment > server.length) {
                break; // what follows is encrypted, or not all here
            }
            if (type == HANDSHAKE) {
                System.arraycopy(server, at + 5, messages, length, fragment);
                length += fragment;
            }
            at += 5 + fragment;
        }
        for (int at = 0; at + 4 <= length; ) {
            int type = messages[at] & 0xFF;
            int body = (messages[at + 1] & 0xFF) << 16 | u16(messages, at + 2);
            if (at + 4 + body > length) {
                break;
            }
            // NewSessionTicket: uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>
            if (type == NEW_SESSION_TICKET && body >= 6) {
                int ticket = u16(messages, at + 8);
                if (ticket >= KEY_NAME && 6 + ticket <= body) {
                    return HexFormat.of().formatHex(messages, at + 10, at + 10 + KEY_NAME);
                }
            }
            at += 4 + body;
        }
        return "";
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }
}
