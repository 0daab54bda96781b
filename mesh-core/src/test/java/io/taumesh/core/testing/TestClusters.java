package io.taumesh.core.testing;

import io.taumesh.core.security.MeshCredentialsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Cluster names no other test run shares, so that concurrent runs on one machine never meet; and the mesh
 * credentials every node a test run starts holds (made once, before the first node is given them), so that the nodes of one test
 * meet whatever folder each runs in.
 */
public final class TestClusters {

    private static final Path CREDENTIALS = Path.of(
            System.getProperty("java.io.tmpdir"),
            "tau-test-credentials-" + UUID.randomUUID().toString().substring(0, 8));

    static {
        // A secret of a finished test run is of no use to anyone: it goes with the run.
        Runtime.getRuntime().addShutdownHook(new Thread(TestClusters::removeCredentials, "test-credentials-cleanup"));
    }

    private TestClusters() {}

    private static boolean made;

    /**
     * The credentials directory of this test run, made here at the first call: two nodes started together on a
     * directory that does not exist yet would race to make it (one finds it made but still empty).
     */
    public static synchronized Path credentials() {
        if (!made) {
            MeshCredentialsFile.at(CREDENTIALS).loadOrCreate();
            made = true;
        }
        return CREDENTIALS;
    }

    private static void removeCredentials() {
        if (!Files.exists(CREDENTIALS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(CREDENTIALS)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("test credentials left in " + CREDENTIALS + ": " + e.getMessage());
        }
    }

    public static String uniqueName(String purpose) {
        return "test-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
