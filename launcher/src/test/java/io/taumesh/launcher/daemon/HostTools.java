package io.taumesh.launcher.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * External programs a test runs for real: present, they are used; absent, the test fails in CI ({@code CI} set)
 * and is skipped with a loud notice elsewhere.
 */
public final class HostTools {

    private HostTools() {}

    public static Optional<Path> find(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The program's path, for one step of a larger test: absent and {@code CI} unset, the step is skipped with a loud
     * notice (the rest of the test runs); absent with {@code CI} set, the test fails.
     */
    public static Optional<Path> forStep(String program, String debianPackage, String step) {
        Optional<Path> found = find(program);
        if (found.isEmpty()) {
            assertThat(System.getenv("CI"))
                    .as("CI must have " + program + " (Debian package " + debianPackage + ")")
                    .isNull();
            System.err.println("!!! SKIPPED STEP: " + step + " needs " + program + " (apt-get install " + debianPackage
                    + "); it runs for real in CI !!!");
        }
        return found;
    }

    /** The program's path; skips the test (loudly) when it is absent and {@code CI} is unset, fails when {@code CI} is set. */
    public static Path require(String program, String debianPackage, String test) {
        Optional<Path> found = find(program);
        if (found.isEmpty() && System.getenv("CI") == null) {
            System.err.println("!!! SKIPPED: " + test + " needs " + program + " (apt-get install " + debianPackage
                    + "); it runs for real in CI !!!");
        }
        Assumptions.assumeTrue(
                found.isPresent() || System.getenv("CI") != null, program + " is not installed (and CI is unset)");
        assertThat(found)
                .as("CI must have " + program + " (Debian package " + debianPackage + ")")
                .isPresent();
        return found.get();
    }
}
