package io.taumesh.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The malformed-input corpus of {@code fixtures/malformed/<kind>/}: each file with the field its error must
 * name, from the directory's {@code cases.tsv}. Every file of the directory must be listed, and every listed
 * file must exist, so that the corpus and its expectations cannot drift apart.
 */
public final class MalformedCorpus {

    /** One malformed input: its file, the field its error names, and what it is. */
    public record Case(Path file, String field, String what) {
        public String name() {
            return file.getFileName().toString();
        }

        public byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name() + " (" + what + ")";
        }
    }

    private MalformedCorpus() {}

    /** The repository's {@code fixtures/malformed}, found from the module a test runs in. */
    public static Path root() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("fixtures").resolve("malformed");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("fixtures/malformed not found above " + System.getProperty("user.dir"));
    }

    public static List<Case> cases(String kind) {
        Path dir = root().resolve(kind);
        List<Case> cases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("cases.tsv"))) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                if (parts.length != 3) {
                    throw new IllegalStateException(
                            dir.resolve("cases.tsv") + ": not three tab-separated columns: " + line);
                }
                Path file = dir.resolve(parts[0]);
                if (!Files.isRegularFile(file)) {
                    throw new IllegalStateException(
                            dir.resolve("cases.tsv") + " lists " + parts[0] + ", which is missing");
                }
                cases.add(new Case(file, parts[1], parts[2]));
            }
            Set<String> listed = new TreeSet<>(cases.stream().map(Case::name).toList());
            try (Stream<Path> files = Files.list(dir)) {
                Set<String> present =
                        new TreeSet<>(files.map(p -> p.getFileName().toString())
                                .filter(n -> !n.equals("cases.tsv"))
                                .toList());
                if (!present.equals(listed)) {
                    present.removeAll(listed);
                    throw new IllegalStateException(dir + " has files cases.tsv does not list: " + present);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
