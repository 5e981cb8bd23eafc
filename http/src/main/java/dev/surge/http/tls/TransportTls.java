package dev.surge.http.tls;

import dev.surge.config.TlsSettings;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS of one node, read once at start from the PEM files the settings name: what the HTTP
 * listener serves with, and what the node checks its peers against when it forwards a read to
 * them. Every problem with a file is a startup error naming the setting, never a handshake that
 * fails later on a request.
 */
public final class TransportTls {

    private final Tls server;
    private final SSLContext peers;

    private TransportTls(Tls server, SSLContext peers) {
        this.server = server;
        this.peers = peers;
    }

    /** @throws IllegalArgumentException naming the setting whose file cannot be used */
    public static TransportTls load(TlsSettings settings) {
        PrivateKey key = read("HTTP_TLS_KEY", settings.privateKey(),
                () -> Keys.builder().pem(pem -> pem.key(Resource.create(settings.privateKey()))).build()
                        .privateKey().orElseThrow(() -> new IllegalArgumentException("no PRIVATE KEY block")));
        List<X509Certificate> chain = certificates("HTTP_TLS_CERT", settings.certificate());
        if (!chain.getFirst().getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("setting HTTP_TLS_KEY: a " + key.getAlgorithm() + " key does not"
                    + " belong to the " + chain.getFirst().getPublicKey().getAlgorithm() + " certificate of HTTP_TLS_CERT");
        }
        Tls server = Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
        SSLContext peers = settings.trust().map(file -> trusting(certificates("HTTP_TLS_TRUST", file)))
                .orElseGet(TransportTls::jvmDefault);
        return new TransportTls(server, peers);
    }

    /** For the HTTP listener. */
    public Tls server() {
        return server;
    }

    /**
     * For calls to other instances: trusts HTTP_TLS_TRUST's CAs (else the JVM's). Hostnames are
     * checked by the connection, against the peer's advertised host.
     */
    public SSLContext peers() {
        return peers;
    }

    private static List<X509Certificate> certificates(String setting, Path file) {
        List<X509Certificate> certificates = read(setting, file,
                () -> Keys.builder().pem(pem -> pem.certificates(Resource.create(file))).build().certs());
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("setting " + setting + ": " + file + " holds no CERTIFICATE block");
        }
        return certificates;
    }

    private static <T> T read(String setting, Path file, Supplier<T> reading) {
        try {
            return reading.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + setting + ": cannot read " + file + " as PEM ("
                    + e.getMessage() + ")", e);
        }
    }

    private static SSLContext trusting(List<X509Certificate> authorities) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store of HTTP_TLS_TRUST: " + e.getMessage(), e);
        }
    }

    private static SSLContext jvmDefault() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }
}
