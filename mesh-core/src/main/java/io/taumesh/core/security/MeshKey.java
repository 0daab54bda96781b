package io.taumesh.core.security;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One generation of a mesh's credentials, like an Erlang cookie with a key pair: {@code join}, the secret a node
 * proves it holds to join the cluster (the cluster is named after it), and the key and self-signed certificate every
 * node of the mesh presents on the event bus and trusts, pinned (only the mesh's own nodes hold the key).
 *
 * @param id   a fingerprint of the certificate, to tell generations apart in logs and reports (not a secret)
 * @param join 64 hex digits of secret
 * @param key  the private key, PKCS#8 PEM
 * @param cert the certificate, PEM
 */
public record MeshKey(String id, String join, String key, String cert) {

    private static final String KEY_TYPE = "EC";

    public MeshKey {
        if (join == null || !join.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("join: must be 64 lowercase hex digits");
        }
        if (key == null || !key.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("key: must be a PKCS#8 PEM private key");
        }
        if (cert == null || !cert.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("cert: must be a PEM certificate");
        }
        String expected = fingerprint(decodeCertificate(cert));
        if (id != null && !id.equals(expected)) {
            throw new IllegalArgumentException("id: " + id + " is not the certificate's fingerprint " + expected);
        }
        id = expected;
    }

    /**
     * A new generation: 32 random bytes of join secret, and an EC P-256 key with a self-signed certificate made by the
     * JDK's own {@code keytool} (the JDK has no API to sign a certificate). Blocking.
     */
    public static MeshKey generate() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tau-mesh-key-");
            Path store = dir.resolve("mesh.p12");
            String password = HexFormat.of().formatHex(random(24));
            runKeytool(store, password);
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, password.toCharArray());
            }
            PrivateKey privateKey = (PrivateKey) keyStore.getKey("mesh", password.toCharArray());
            X509Certificate certificate = (X509Certificate) keyStore.getCertificate("mesh");
            return new MeshKey(
                    fingerprint(certificate),
                    HexFormat.of().formatHex(secret),
                    pem("PRIVATE KEY", privateKey.getEncoded()),
                    pem("CERTIFICATE", certificate.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot make the mesh's key: " + e.getMessage() + " (keytool is the JDK's, in java.home/bin)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key keytool made: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the mesh's key", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Makes an EC P-256 key pair with a self-signed certificate in a PKCS12 store, the password in the environment. */
    private static void runKeytool(Path store, String password) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "mesh",
                        "-keyalg",
                        KEY_TYPE,
                        "-groupname",
                        "secp256r1",
                        "-sigalg",
                        "SHA256withECDSA",
                        "-dname",
                        "CN=tau-mesh",
                        "-validity",
                        "3650",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass:env",
                        "TAU_KEYSTORE_PASS",
                        "-keypass:env",
                        "TAU_KEYSTORE_PASS",
                        "-noprompt"))
                .redirectErrorStream(true);
        builder.environment().put("TAU_KEYSTORE_PASS", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(keytool + " could not make the mesh's key: " + output.trim());
        }
    }

    /**
     * The name of the Hazelcast cluster a node of this mesh joins: the cluster name the operator gave, and a token
     * derived from the join secret. A node without the secret asks for another cluster, and members ignore it.
     */
    public String joinName(String clusterName) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(join), "HmacSHA256"));
            byte[] token = mac.doFinal(("tau-mesh cluster " + clusterName).getBytes(StandardCharsets.UTF_8));
            return clusterName + "." + HexFormat.of().formatHex(token, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @JsonIgnore
    public X509Certificate certificate() {
        return decodeCertificate(cert);
    }

    @JsonIgnore
    public PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance(KEY_TYPE).generatePrivate(new PKCS8EncodedKeySpec(der(key)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key: not an EC private key: " + e.getMessage(), e);
        }
    }

    /** Without the secrets: generations end up in logs. */
    @Override
    public String toString() {
        return "MeshKey[" + id + "]";
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate decodeCertificate(String pem) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cert: not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not PEM: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] random(int bytes) {
        byte[] out = new byte[bytes];
        new SecureRandom().nextBytes(out);
        return out;
    }

    private static void deleteQuietly(@Nullable Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp dir of the JVM's; nothing to keep.
        }
    }
}
