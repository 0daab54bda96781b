package io.taumesh.core.cluster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mutual TLS on the clustered event bus: every node presents its certificate and accepts only peers whose
 * certificate the mesh's CA signed, in both directions. Each part is PEM, given as a file or as the PEM text
 * itself (what an environment variable filled from a Kubernetes Secret holds). Off ({@link #OFF}) on loopback
 * by default.
 *
 * @param key  this node's private key (PKCS#8 or PKCS#1 PEM)
 * @param cert this node's certificate chain (PEM)
 * @param ca   the mesh's CA certificate(s) (PEM): the only issuer a peer's certificate may have
 */
public record BusTls(String key, String cert, String ca) {

    public static final BusTls OFF = new BusTls(null, null, null);

    private static final String PEM = "-----BEGIN ";

    public BusTls {
        key = blankToNull(key);
        cert = blankToNull(cert);
        ca = blankToNull(ca);
        int given = (key == null ? 0 : 1) + (cert == null ? 0 : 1) + (ca == null ? 0 : 1);
        if (given != 0 && given != 3) {
            throw new IllegalArgumentException("event-bus TLS needs all three of the key, the certificate and the CA "
                    + "(got " + (key == null ? "" : "key ") + (cert == null ? "" : "cert ") + (ca == null ? "" : "ca")
                    + ")");
        }
    }

    public boolean enabled() {
        return key != null;
    }

    /** Turns TLS with client authentication on for the event bus, or leaves it off. */
    public EventBusOptions applyTo(EventBusOptions options) {
        if (!enabled()) {
            return options;
        }
        return options.setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setTrustAll(false)
                .setKeyCertOptions(
                        new PemKeyCertOptions().setKeyValue(pem("key", key)).setCertValue(pem("certificate", cert)))
                .setTrustOptions(new PemTrustOptions().addCertValue(pem("CA", ca)));
    }

    /** The PEM text of a part: the value itself when it is PEM, else the file it names. */
    static Buffer pem(String what, String value) {
        if (value.stripLeading().startsWith(PEM)) {
            return Buffer.buffer(value);
        }
        Path file = Path.of(value);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            if (!text.contains(PEM)) {
                throw new IllegalArgumentException("event-bus TLS " + what + " " + file + " holds no PEM block");
            }
            return Buffer.buffer(text);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "event-bus TLS " + what + " " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return enabled() ? "BusTls[on]" : "BusTls[off]";
    }
}
