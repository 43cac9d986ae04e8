package org.unveil.probe;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A socket that can keep a copy of the bytes read from it, up to {@link #LIMIT}: JSSE, layered over it, reads the
 * server's handshake through {@link #getInputStream()}, so the records that travel in clear (a TLS 1.2 session
 * ticket among them) can be read again once the handshake is done.
 */
final class RecordingSocket extends Socket {
    /** More than a server's whole handshake flight with a long certificate chain. */
    static final int LIMIT = 64 * 1024;

    private ByteArrayOutputStream copy;
    private InputStream in;

    /** Keeps what is read from now on. */
    void record() {
        copy = new ByteArrayOutputStream();
    }

    /** What was read since {@link #record()}, and no more keeping. */
    byte[] recorded() {
        byte[] b = copy == null ? new byte[0] : copy.toByteArray();
        copy = null;
        return b;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (in == null) {
            in = new FilterInputStream(super.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0 && copy != null && copy.size() < LIMIT) {
                        copy.write(b);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0 && copy != null) {
                        copy.write(b, off, Math.min(n, Math.max(0, LIMIT - copy.size())));
                    }
                    return n;
                }
            };
        }
        return in;
    }
}
