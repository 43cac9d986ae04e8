package org.unveil.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and the server certificates it signed, made by Debian's openssl in a test's
 * temporary folder (keys are never kept anywhere else): an EC P-256 CA valid for two days and certificates for
 * {@code host} (subject alternative name), each with a key of its own.
 *
 * @param caPem   the authority's certificate (what --ca-cert reads)
 * @param servers the server certificates, the first one the one most tests use
 */
record TestCa(Path caPem, List<ServerCertificate> servers) {
    /**
     * @param pem    the certificate
     * @param key    its private key
     * @param sha256 the SHA-256 of its DER encoding, lower-case hex
     */
    record ServerCertificate(Path pem, Path key, String sha256) {
    }

    /** Makes them in {@code dir} for {@code host}, one server certificate; skips the test, saying why, without openssl. */
    static TestCa create(Path dir, String host) throws Exception {
        return create(dir, host, 1);
    }

    /** The same with {@code count} server certificates, each of its own key. */
    static TestCa create(Path dir, String host, int count) throws Exception {
        assumeTrue(ok(dir, "openssl", "version"), "the TLS probe test needs openssl (Debian's openssl package)");
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        Path ext = Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:" + host
                + "\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
        must(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=Unveil test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        List<ServerCertificate> servers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = i == 0 ? "server" : "server" + (i + 1);
            Path csr = dir.resolve(name + ".csr");
            Path cert = dir.resolve(name + ".pem");
            Path key = dir.resolve(name + ".key");
            must(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + host);
            must(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey",
                    caKey.toString(), "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile",
                    ext.toString());
            try (InputStream in = Files.newInputStream(cert)) {
                byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
                servers.add(new ServerCertificate(cert, key,
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der))));
            }
        }
        Files.delete(caKey); // nothing more is signed
        return new TestCa(ca, List.copyOf(servers));
    }

    Path serverPem() {
        return servers.getFirst().pem();
    }

    Path serverKey() {
        return servers.getFirst().key();
    }

    String serverSha256() {
        return servers.getFirst().sha256();
    }

    private static boolean ok(Path dir, String... command) {
        try {
            must(dir, command);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void must(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }
}
