package org.unveil.probe;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Certificate checks for a connection made to an address rather than a name (--resolve): the chain is checked
 * by the JDK's own trust manager (over the JDK's authorities, or only over --ca-cert's), and the name is the URL's
 * host, not the address the socket went to.
 */
final class HostTrust extends X509ExtendedTrustManager {
    private final X509TrustManager chain;
    private final String host;

    private HostTrust(X509TrustManager chain, String host) {
        this.chain = chain;
        this.host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * A TLS context for certificates naming {@code host} that chain to one of {@code authorities}, or to what the JDK
     * trusts when there are none (like curl's --cacert, the given authorities replace the JDK's).
     */
    static SSLContext context(String host, List<X509Certificate> authorities) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (authorities.isEmpty()) {
            f.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                store.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException("an empty key store cannot be made", e);
            }
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            f.init(store);
        }
        X509TrustManager jdk = null;
        for (TrustManager m : f.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                jdk = x;
            }
        }
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, new TrustManager[] {new HostTrust(jdk, host)}, null);
        return c;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        chain.checkServerTrusted(certs, authType);
        if (!names(certs[0], host)) {
            throw new CertificateException("the certificate does not name " + host);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(certs, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(certs, authType);
    }

    /** Whether the certificate's subject alternative names cover {@code host} (one-label wildcards on the left). */
    static boolean names(X509Certificate cert, String host) throws CertificateParsingException {
        Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
        if (alternatives == null) {
            return false;
        }
        for (List<?> san : alternatives) {
            if (san.get(0) instanceof Integer type && (type == 2 || type == 7)
                    && matches(san.get(1).toString().toLowerCase(Locale.ROOT), host)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("a probe is never a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(certs, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}
