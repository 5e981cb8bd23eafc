package dev.surge.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * HTTPS for the HTTP listener and for the calls instances make to each other. PEM files because
 * that is what a Kubernetes TLS Secret, cert-manager and openssl hand over as they are.
 *
 * @param certificate HTTP_TLS_CERT: this instance's certificate, then any intermediates
 * @param privateKey  HTTP_TLS_KEY: its private key (PKCS#8, or PKCS#1 RSA), unencrypted
 * @param trust       HTTP_TLS_TRUST: the CA certificate(s) an instance checks another's certificate
 *                    against; empty = the JVM's default CAs
 */
public record TlsSettings(Path certificate, Path privateKey, Optional<Path> trust) {
}
