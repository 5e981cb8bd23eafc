package dev.surge.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority for tests, made with the JDK's own keytool (nothing to install):
 * its CA certificate as PEM, and certificates it signs for given host names, each written as the PEM
 * files HTTP_TLS_CERT (leaf, then the CA) and HTTP_TLS_KEY (PKCS#8) take.
 */
public final class TestAuthority {

    private static final String PASSWORD = "test-only";

    private final Path dir;
    private final Path caStore;
    private final Path caPem;

    /** The PEM files of one signed certificate. */
    public record Issued(Path certificate, Path privateKey) {
    }

    private TestAuthority(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
    }

    /** A new CA named {@code name}, its files under {@code dir}. */
    public static TestAuthority create(Path dir, String name) {
        TestAuthority authority = new TestAuthority(dir);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-ext", "bc:c", "-keystore", authority.caStore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", authority.caStore.toString(),
                "-storepass", PASSWORD, "-file", authority.caPem.toString());
        return authority;
    }

    /** The CA certificate, as HTTP_TLS_TRUST takes it. */
    public Path caCertificate() {
        return caPem;
    }

    /**
     * A certificate for {@code name}, signed by this CA, valid for the subject alternative names
     * given in keytool's form ({@code dns:localhost,ip:127.0.0.1}).
     */
    public Issued issue(String name, String subjectAlternativeNames) {
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path leaf = dir.resolve(name + "-leaf.pem");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "node", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", leaf.toString(), "-validity", "2",
                "-ext", "san=" + subjectAlternativeNames, "-ext", "eku=serverAuth");
        try {
            Path certificate = dir.resolve(name + ".crt");
            Files.writeString(certificate, Files.readString(leaf) + Files.readString(caPem));
            Path key = dir.resolve(name + ".key");
            Files.writeString(key, pem("PRIVATE KEY", privateKey(store).getEncoded()));
            return new Issued(certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a client that trusts this CA (and only it) connects with. */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(caPem)) {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(Path store) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            return (PrivateKey) keys.getKey("node", PASSWORD.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-noprompt");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
