package org.unveil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Server handshake bytes built here by hand from RFC 5246 (records: type, version 3.3, length) and RFC 5077
 * (NewSessionTicket: lifetime hint, then the ticket; the ticket opens with its 16-byte key name).
 */
class SessionTicketTest {
    private static final byte[] KEY_NAME = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, (byte) 0x99,
        (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff, 0x01};

    @Test
    void theKeyNameOfATicketSentBeforeChangeCipherSpecIsRead() {
        byte[] ticket = message(4, newSessionTicket(KEY_NAME, 64));
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        server.writeBytes(record(22, message(2, new byte[70]))); // ServerHello
        // the ticket message split over two records, as a server may fragment it
        server.writeBytes(record(22, Arrays.copyOfRange(ticket, 0, 9)));
        server.writeBytes(record(22, Arrays.copyOfRange(ticket, 9, ticket.length)));
        server.writeBytes(record(20, new byte[] {1}));
        server.writeBytes(record(22, new byte[40])); // Finished, encrypted
        assertThat(SessionTicket.keyName(server.toByteArray())).isEqualTo("112233445566778899aabbccddeeff01");
    }

    @Test
    void nothingAfterChangeCipherSpecNorInApplicationDataCounts() {
        ByteArrayOutputStream server = new ByteArrayOutputStream();
        server.writeBytes(record(22, message(2, new byte[70])));
        server.writeBytes(record(20, new byte[] {1}));
        server.writeBytes(record(22, message(4, newSessionTicket(KEY_NAME, 64)))); // looks like one, but encrypted
        assertThat(SessionTicket.keyName(server.toByteArray())).isEmpty();
        // TLS 1.3: after ServerHello everything is application data to a reader of records
        byte[] tls13 = concat(record(22, message(2, new byte[70])), record(23, message(4, newSessionTicket(KEY_NAME,
                64))));
        assertThat(SessionTicket.keyName(tls13)).isEmpty();
    }

    @Test
    void anEmptyOrShortTicketAndCutBytesNameNothing() {
        assertThat(SessionTicket.keyName(record(22, message(4, newSessionTicket(new byte[0], 0))))).isEmpty();
        assertThat(SessionTicket.keyName(record(22, message(4, newSessionTicket(new byte[] {1, 2, 3}, 0))))).isEmpty();
        byte[] whole = record(22, message(4, newSessionTicket(KEY_NAME, 64)));
        assertThat(SessionTicket.keyName(Arrays.copyOf(whole, whole.length - 1))).isEmpty();
        assertThat(SessionTicket.keyName(new byte[] {22, 3})).isEmpty();
    }

    private static byte[] newSessionTicket(byte[] keyName, int rest) {
        byte[] ticket = concat(keyName, new byte[rest]);
        return concat(new byte[] {0, 0, 0x1c, 0x20, (byte) (ticket.length >> 8), (byte) ticket.length}, ticket);
    }

    private static byte[] message(int type, byte[] body) {
        return concat(new byte[] {(byte) type, (byte) (body.length >> 16), (byte) (body.length >> 8),
            (byte) body.length}, body);
    }

    private static byte[] record(int type, byte[] fragment) {
        return concat(new byte[] {(byte) type, 3, 3, (byte) (fragment.length >> 8), (byte) fragment.length}, fragment);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
