package dev.surge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP_TLS_CERT, HTTP_TLS_KEY and HTTP_TLS_TRUST: HTTPS only with a certificate and its key, each a file. */
class TlsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void plainHttpUnlessACertificateIsSet() {
        SurgeConfig config = SurgeConfig.load(Map.of(), Map.of());

        assertThat(config.http().tls()).isEmpty();
        assertThat(config.http().scheme()).isEqualTo("http");
    }

    @Test
    void aCertificateAndItsKeyTurnHttpsOn() throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "");
        Path key = Files.writeString(dir.resolve("tls.key"), "");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "");

        SurgeConfig config = SurgeConfig.load(Map.of("HTTP_TLS_CERT", cert.toString(), "HTTP_TLS_KEY", key.toString(),
                "HTTP_TLS_TRUST", ca.toString()), Map.of());

        assertThat(config.http().tls()).contains(new TlsSettings(cert, key, java.util.Optional.of(ca)));
        assertThat(config.http().scheme()).isEqualTo("https");
        assertThat(config.withHttpPort(9443).http().tls()).as("kept on a port chosen at start")
                .isEqualTo(config.http().tls());
    }

    @Test
    void aCertificateWithoutItsKeyIsAStartupErrorNamingTheMissingSetting() throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "");

        assertThatThrownBy(() -> SurgeConfig.load(Map.of("HTTP_TLS_CERT", cert.toString()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting HTTP_TLS_KEY is required with HTTP_TLS_CERT: HTTPS needs the certificate and"
                        + " its private key (PEM files)");
    }

    @Test
    void aKeyWithoutItsCertificateIsAStartupErrorToo() throws Exception {
        Path key = Files.writeString(dir.resolve("tls.key"), "");

        assertThatThrownBy(() -> SurgeConfig.load(Map.of("HTTP_TLS_KEY", key.toString()), Map.of()))
                .hasMessageStartingWith("setting HTTP_TLS_CERT is required with HTTP_TLS_KEY");
    }

    @Test
    void aTrustedAuthorityWithoutTlsIsRefusedRatherThanIgnored() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "");

        assertThatThrownBy(() -> SurgeConfig.load(Map.of("HTTP_TLS_TRUST", ca.toString()), Map.of()))
                .hasMessageStartingWith("setting HTTP_TLS_TRUST is only used with HTTP_TLS_CERT and HTTP_TLS_KEY");
    }

    @Test
    void aFileThatIsNotThereNamesItsSetting() throws Exception {
        Path key = Files.writeString(dir.resolve("tls.key"), "");
        String missing = dir.resolve("nowhere.crt").toString();

        assertThatThrownBy(() -> SurgeConfig.load(Map.of("HTTP_TLS_CERT", missing, "HTTP_TLS_KEY", key.toString()),
                Map.of()))
                .hasMessage("setting HTTP_TLS_CERT='" + missing + "' is not a readable file");
        assertThatThrownBy(() -> SurgeConfig.load(Map.of("HTTP_TLS_CERT", key.toString(),
                "HTTP_TLS_KEY", dir.toString()), Map.of()))
                .as("a directory is not a key file").hasMessageContaining("HTTP_TLS_KEY");
    }
}
