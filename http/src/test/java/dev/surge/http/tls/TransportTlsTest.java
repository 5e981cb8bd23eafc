package dev.surge.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.surge.config.TlsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM files the settings name, read at start: usable ones load, every unusable one is an error naming its setting. */
class TransportTlsTest {

    @TempDir
    static Path dir;
    static TestAuthority authority;
    static TestAuthority.Issued issued;

    @BeforeAll
    static void authority() {
        authority = TestAuthority.create(dir, "Surge Test CA");
        issued = authority.issue("node", "dns:localhost");
    }

    @Test
    void loadsACertificateChainItsKeyAndTheTrustedAuthority() {
        TransportTls tls = TransportTls.load(new TlsSettings(issued.certificate(), issued.privateKey(),
                Optional.of(authority.caCertificate())));

        assertThat(tls.server().prototype().privateKeyCertChain()).hasSize(2);
        assertThat(tls.server().prototype().privateKey()).isPresent();
        assertThat(tls.peers().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void withoutATrustSettingPeersAreCheckedAgainstTheJvmsAuthorities() throws Exception {
        TransportTls tls = TransportTls.load(new TlsSettings(issued.certificate(), issued.privateKey(), Optional.empty()));

        assertThat(tls.peers()).isSameAs(javax.net.ssl.SSLContext.getDefault());
    }

    @Test
    void aKeyFileWithoutAKeyNamesHttpTlsKey() {
        assertThatThrownBy(() -> TransportTls.load(new TlsSettings(issued.certificate(), issued.certificate(),
                Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setting HTTP_TLS_KEY: cannot read " + issued.certificate());
    }

    @Test
    void aCertificateFileWithoutACertificateNamesHttpTlsCert() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");

        assertThatThrownBy(() -> TransportTls.load(new TlsSettings(junk, issued.privateKey(), Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setting HTTP_TLS_CERT:").hasMessageContaining(junk.toString());
    }

    @Test
    void aTrustFileWithoutACertificateNamesHttpTlsTrust() throws Exception {
        Path junk = Files.writeString(dir.resolve("empty-trust.pem"), "");

        assertThatThrownBy(() -> TransportTls.load(new TlsSettings(issued.certificate(), issued.privateKey(),
                Optional.of(junk))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setting HTTP_TLS_TRUST:");
    }

    @Test
    void theKeyMustBeOfTheCertificatesKind() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path rsaKey = Files.writeString(dir.resolve("rsa.key"),
                TestAuthority.pem("PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded()));

        assertThatThrownBy(() -> TransportTls.load(new TlsSettings(issued.certificate(), rsaKey, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HTTP_TLS_KEY").hasMessageContaining("RSA key does not belong to the EC certificate");
    }
}
