package org.unveil.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and one server certificate it signed, made by Debian's openssl in a test's
 * temporary folder (keys are never kept anywhere else): an EC P-256 CA valid for two days and a certificate for
 * {@code host} (subject alternative name) with its key.
 *
 * @param caPem      the authority's certificate (what --ca-cert reads)
 * @param serverPem  the server's certificate
 * @param serverKey  the server's private key
 * @param serverSha256 the SHA-256 of the server certificate's DER encoding, lower-case hex
 */
record TestCa(Path caPem, Path serverPem, Path serverKey, String serverSha256) {
    /** Makes them in {@code dir} for {@code host}; skips the test, saying why, without openssl. */
    static TestCa create(Path dir, String host) throws Exception {
        assumeTrue(ok(dir, "openssl", "version"), "the TLS probe test needs openssl (Debian's openssl package)");
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Path ext = Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:" + host
                + "\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n");
        must(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=Unveil test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        must(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + host);
        must(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        Files.delete(caKey); // nothing more is signed
        String sha;
        try (InputStream in = Files.newInputStream(cert)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        }
        return new TestCa(ca, cert, key, sha);
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
