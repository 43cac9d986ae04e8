package org.unveil.bench;

import org.unveil.generator.app.TlsClientHelloWriter;
import org.unveil.generator.frame.Bytes;
import org.unveil.generator.stack.Distributions;
import org.unveil.generator.stack.Rng;

/**
 * TLS on port 443: ClientHello, the server's flight, the client's Finished, then rounds of request and
 * response as application-data records. Everything after the hellos is noise framed as records, which is
 * what encrypted traffic looks like to anyone without the keys. A TLS 1.2 client gets an abbreviated
 * handshake, so no cleartext certificate is needed.
 */
final class TlsExchange extends HeadTailApplication {
    private static final int HANDSHAKE = 22;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int APPLICATION_DATA = 23;
    /** A full TLS 1.3 record: 2^14 bytes of plaintext, the inner content type and a 16-byte tag. */
    private static final int MAX_RECORD = 16_401;

    private enum Step { CLIENT_HELLO, SERVER_FLIGHT, CLIENT_FINISHED, REQUEST, RESPONSE }

    private final Rng rng;
    private final Content content;
    private final TlsClientHelloWriter[] hellos;
    private final byte[] sessionId = new byte[32];
    private Host client;
    private Host server;
    private boolean tls13;
    private int rounds;
    private int maxBody;
    private Step step;
    private long noiseStart;

    /** @param hellos the ClientHello writers by {@link Browser} ordinal, shared by the flows of one mix */
    TlsExchange(Rng rng, Content content, TlsClientHelloWriter[] hellos) {
        this.rng = rng;
        this.content = content;
        this.hellos = hellos;
    }

    void start(Host from, Host to, int requests, int largestBody) {
        client = from;
        server = to;
        tls13 = from.browser.tls.offersTls13();
        rounds = requests;
        maxBody = largestBody;
        step = null;
    }

    @Override
    public boolean next(long elapsedNanos) {
        step = step == null ? Step.CLIENT_HELLO : switch (step) {
            case CLIENT_HELLO -> Step.SERVER_FLIGHT;
            case SERVER_FLIGHT -> Step.CLIENT_FINISHED;
            case CLIENT_FINISHED, RESPONSE -> Step.REQUEST;
            case REQUEST -> Step.RESPONSE;
        };
        if (step == Step.REQUEST && rounds-- == 0) {
            return false;
        }
        headLength = 0;
        tailLength = 0;
        fromClient = step != Step.SERVER_FLIGHT && step != Step.RESPONSE;
        switch (step) {
            case CLIENT_HELLO -> clientHello();
            case SERVER_FLIGHT -> serverFlight();
            case CLIENT_FINISHED -> clientFinished();
            case REQUEST -> records(Distributions.logUniform(rng, 80, 900));
            case RESPONSE -> records(Math.min(maxBody, Distributions.logUniform(rng, 100, 80_000)));
        }
        return true;
    }

    private void clientHello() {
        headLength = hellos[client.browser.ordinal()].write(head, 0, server.nameAscii, rng);
        int sessionIdLength = client.browser.tls.sessionIdLength();
        System.arraycopy(head, TlsClientHelloWriter.SESSION_ID_OFFSET, sessionId, 0, sessionIdLength);
        if (sessionIdLength == 0) {
            rng.fill(sessionId, 0, sessionId.length); // the server names a session the client may resume
        }
    }

    /** ServerHello and ChangeCipherSpec; then the encrypted rest of the handshake (1.3) or Finished (1.2). */
    private void serverFlight() {
        int at = 0;
        head[at++] = HANDSHAKE;
        Bytes.put16(head, at, 0x0303);
        int record = at + 2;
        at += 4;
        head[at++] = 2; // ServerHello
        int hello = at;
        at += 3;
        Bytes.put16(head, at, 0x0303);
        at += 2;
        rng.fill(head, at, 32);
        at += 32;
        head[at++] = 32;
        System.arraycopy(sessionId, 0, head, at, 32);
        at += 32;
        Bytes.put16(head, at, tls13 ? 0x1301 : 0xC02F);
        at += 2;
        head[at++] = 0; // no compression
        int extensions = at;
        at += 2;
        if (tls13) {
            at = extension(at, 0x002B, 2);
            Bytes.put16(head, at, 0x0304);
            at = extension(at + 2, 0x0033, 36);
            Bytes.put16(head, at, 0x001D);
            Bytes.put16(head, at + 2, 32);
            rng.fill(head, at + 4, 32);
            at += 36;
        } else {
            at = extension(at, 0xFF01, 1);
            head[at++] = 0;
            at = extension(at, 0x000B, 2);
            head[at++] = 1;
            head[at++] = 0;
            at = extension(at, 0x0017, 0);
        }
        Bytes.put16(head, extensions, at - extensions - 2);
        Bytes.put24(head, hello, at - hello - 3);
        Bytes.put16(head, record, at - record - 2);
        at = changeCipherSpec(at);
        if (tls13) {
            headLength = at;
            records(Distributions.logUniform(rng, 2_500, 5_500)); // EncryptedExtensions, Certificate, CertificateVerify, Finished
        } else {
            headLength = record(at, HANDSHAKE, 40); // the encrypted Finished
        }
    }

    private void clientFinished() {
        int at = changeCipherSpec(0);
        headLength = tls13 ? record(at, APPLICATION_DATA, 53) : record(at, HANDSHAKE, 40);
    }

    private int extension(int at, int type, int length) {
        Bytes.put16(head, at, type);
        Bytes.put16(head, at + 2, length);
        return at + 4;
    }

    private int changeCipherSpec(int at) {
        head[at] = CHANGE_CIPHER_SPEC;
        Bytes.put16(head, at + 1, 0x0303);
        Bytes.put16(head, at + 3, 1);
        head[at + 5] = 1;
        return at + 6;
    }

    /** A record of {@code length} random bytes in the head; returns the offset after it. */
    private int record(int at, int type, int length) {
        head[at] = (byte) type;
        Bytes.put16(head, at + 1, 0x0303);
        Bytes.put16(head, at + 3, length);
        rng.fill(head, at + 5, length);
        return at + 5 + length;
    }

    /** Makes the tail {@code payload} bytes of application data, cut into full-size records. */
    private void records(int payload) {
        int count = (payload + MAX_RECORD - 1) / MAX_RECORD;
        tailLength = payload + 5 * count;
        noiseStart = rng.nextInt(1 << 20);
    }

    @Override
    protected void fillTail(byte[] buffer, int at, int offset, int length) {
        int span = MAX_RECORD + 5;
        while (length > 0) {
            int recordStart = offset / span * span;
            int inRecord = offset - recordStart;
            if (inRecord < 5) {
                int recordLength = Math.min(MAX_RECORD, tailLength - recordStart - 5);
                int value = switch (inRecord) {
                    case 0 -> APPLICATION_DATA;
                    case 1, 2 -> 3;
                    case 3 -> recordLength >>> 8;
                    default -> recordLength;
                };
                buffer[at++] = (byte) value;
                offset++;
                length--;
            } else {
                int n = Math.min(length, span - inRecord);
                Content.copy(content.noise, noiseStart + offset, buffer, at, n);
                at += n;
                offset += n;
                length -= n;
            }
        }
    }
}
