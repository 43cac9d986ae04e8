package org.unveil.probe;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.unveil.probe.evidence.Tls;

/**
 * One TCP connection to a target (TLS over it for https), from the target's source address if it has one, with
 * the protocol agreed on it. Reads wait at most until the request's deadline. Our own socket rather than an HTTP
 * client's, so the local port is known and the response's bytes are ours to read in wire order.
 */
final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean http2;
    private final Tls tls;
    private Http2 h2;

    private Connection(Socket socket, boolean http2, Tls tls) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
        this.http2 = http2;
        this.tls = tls;
    }

    /**
     * Connects to {@code target}, shakes hands if {@code context} is not null, and agrees on the protocol; with
     * {@code tickets}, over TLS 1.2 at most, reading the session ticket's key name and resuming nothing later.
     */
    static Connection open(Target target, HttpVersion version, SSLContext context, boolean tickets,
            long deadlineNanos) throws IOException {
        RecordingSocket s = new RecordingSocket();
        try {
            if (target.source() != null) {
                s.bind(new InetSocketAddress(target.source(), 0));
            }
            s.setTcpNoDelay(true);
            int port = target.url().getPort() >= 0 ? target.url().getPort()
                    : target.url().getScheme().equalsIgnoreCase("https") ? 443 : 80;
            try {
                s.connect(new InetSocketAddress(target.address(), port), remainingMillis(deadlineNanos));
            } catch (SocketTimeoutException e) {
                throw new Failed("no connection within the timeout");
            }
            if (context == null) {
                return new Connection(s, version == HttpVersion.HTTP_2, null);
            }
            SSLSocket t = (SSLSocket) context.getSocketFactory().createSocket(s, target.url().getHost(), port, true);
            SSLParameters p = t.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(target.url().getHost())));
            p.setApplicationProtocols(switch (version) {
                case AUTO -> new String[] {"h2", "http/1.1"};
                case HTTP_1_1 -> new String[] {"http/1.1"};
                case HTTP_2 -> new String[] {"h2"};
            });
            if (tickets) {
                p.setProtocols(new String[] {"TLSv1.2"}); // TLS 1.3 sends its tickets encrypted
                s.record();
            }
            t.setSSLParameters(p);
            t.setSoTimeout(remainingMillis(deadlineNanos));
            try {
                t.startHandshake();
            } catch (SocketTimeoutException e) {
                throw new Failed("no TLS handshake within the timeout");
            } catch (SSLException e) {
                // a server that speaks none of the offered protocols may refuse the handshake (nginx does) rather
                // than choose none: under --http 2 that means no h2, the same failure as an agreed http/1.1
                if (version == HttpVersion.HTTP_2 && String.valueOf(e.getMessage()).contains("no_application_protocol")) {
                    throw new Failed("the server does not offer HTTP/2 (ALPN h2)");
                }
                throw e;
            }
            String agreed = t.getApplicationProtocol();
            boolean h2 = "h2".equals(agreed);
            if (version == HttpVersion.HTTP_2 && !h2) {
                throw new Failed("the server does not offer HTTP/2 (ALPN h2)");
            }
            String keyName = tickets ? SessionTicket.keyName(s.recorded()) : "";
            Tls tls = tls(t.getSession(), agreed, keyName);
            if (tickets) {
                // resumed, the next handshake would show the ticket we present, not one the back-end issues
                t.getSession().invalidate();
            }
            return new Connection(t, h2, tls);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static Tls tls(SSLSession session, String alpn, String ticketKeyName) throws SSLException {
        Certificate[] chain = session.getPeerCertificates();
        String sha = "";
        String subject = "";
        if (chain.length > 0) {
            try {
                sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
            } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
                throw new SSLException("the server certificate cannot be read", e);
            }
            if (chain[0] instanceof X509Certificate x) {
                subject = x.getSubjectX500Principal().getName();
            }
        }
        return new Tls(session.getProtocol(), session.getCipherSuite(), sha, subject, alpn, ticketKeyName);
    }

    /** Milliseconds left until the deadline, at least 1 (0 would mean no limit to a socket). */
    static int remainingMillis(long deadlineNanos) throws Failed {
        long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new Failed("no answer within the timeout");
        }
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    /** Reads up to {@code b.length} bytes, waiting until the deadline at most; -1 at the end of the stream. */
    int read(byte[] b, int off, int len, long deadlineNanos) throws IOException {
        socket.setSoTimeout(remainingMillis(deadlineNanos));
        try {
            return in.read(b, off, len);
        } catch (SocketTimeoutException e) {
            throw new Failed("no answer within the timeout");
        }
    }

    /** Reads exactly {@code len} bytes or fails: the server closed the connection in the middle of a frame. */
    void readFully(byte[] b, int len, long deadlineNanos) throws IOException {
        int at = 0;
        while (at < len) {
            int n = read(b, at, len - at, deadlineNanos);
            if (n < 0) {
                throw new Failed("the server closed the connection in the middle of its answer");
            }
            at += n;
        }
    }

    OutputStream out() {
        return out;
    }

    boolean http2() {
        return http2;
    }

    /** This connection's HTTP/2 state (its header compression tables), started on first use. */
    Http2 h2() throws IOException {
        if (h2 == null) {
            h2 = Http2.start(this);
        }
        return h2;
    }

    Tls tls() {
        return tls;
    }

    int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing is left to read or write on it
        }
    }
}
