package io.taumesh.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of a test's own and node certificates it signs, made with the JDK's keytool (nothing
 * from the network), written as the PEM files a node takes: {@code ca.crt}, {@code <node>.crt}, {@code <node>.key}.
 */
public final class TestCertificates {

    private static final String PASSWORD = "test-only";

    private final Path dir;
    private final String caName;

    private TestCertificates(Path dir, String caName) {
        this.dir = dir;
        this.caName = caName;
    }

    /** A new CA in {@code dir}. */
    public static TestCertificates authority(Path dir, String caName) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestCertificates ca = new TestCertificates(dir, caName);
        ca.keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + caName,
                "-ext",
                "bc:c",
                "-keystore",
                ca.store("ca").toString());
        Files.writeString(
                ca.caCert(),
                ca.keytool(
                        "-exportcert",
                        "-rfc",
                        "-alias",
                        "ca",
                        "-keystore",
                        ca.store("ca").toString()));
        return ca;
    }

    public Path caCert() {
        return dir.resolve("ca.crt");
    }

    public Path cert(String node) {
        return dir.resolve(node + ".crt");
    }

    public Path key(String node) {
        return dir.resolve(node + ".key");
    }

    /** A key pair for {@code node} and its certificate signed by this CA, for both server and client use. */
    public TestCertificates issue(String node) throws Exception {
        String store = store(node).toString();
        keytool(
                "-genkeypair",
                "-alias",
                node,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=" + node,
                "-keystore",
                store);
        Path request = dir.resolve(node + ".csr");
        Files.writeString(request, keytool("-certreq", "-alias", node, "-keystore", store));
        String signed = keytool(
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                store("ca").toString(),
                "-infile",
                request.toString(),
                "-validity",
                "2",
                "-ext",
                "eku=serverAuth,clientAuth",
                "-ext",
                "ku=digitalSignature,keyEncipherment");
        Files.writeString(cert(node), signed);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store(node))) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        Key key = keyStore.getKey(node, PASSWORD.toCharArray());
        Files.writeString(
                key(node),
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(key.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        return this;
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private String keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(
                    "keytool " + String.join(" ", args) + " failed (" + caName + "): " + err + out);
        }
        return out;
    }
}
