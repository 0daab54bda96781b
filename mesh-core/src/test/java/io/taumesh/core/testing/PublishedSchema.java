package io.taumesh.core.testing;

import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.fixture.LoadedFixture;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
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
 * One of the JSON Schemas published under {@code docs/schemas/}, with the others it refers to, ready to
 * validate documents: for tests that hold a schema to the validator it describes.
 */
public final class PublishedSchema {

    /** Tests run in a module's folder; the schemas are the repository's. */
    public static final Path DIR =
            Path.of(System.getProperty("user.dir")).getParent().resolve("docs").resolve("schemas");

    static final String BASE = "https://taumesh.io/schemas/";

    private final Validator validator;

    private PublishedSchema(Validator validator) {
        this.validator = validator;
    }

    public static PublishedSchema named(String file) {
        JsonSchemaOptions options = new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri(BASE)
                .setOutputFormat(OutputFormat.Basic);
        SchemaRepository repository = SchemaRepository.create(options);
        try (Stream<Path> files = Files.list(DIR)) {
            files.filter(p -> p.toString().endsWith(".schema.json"))
                    .forEach(p -> repository.dereference(BASE + p.getFileName(), JsonSchema.of(read(p))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PublishedSchema(repository.validator(BASE + file));
    }

    /**
     * The most specific instance locations the schema finds invalid, as JSON pointers ({@code /cases/4/expect};
     * {@code ""} for the document itself); empty when the document is valid.
     */
    public List<String> problems(Object document) {
        OutputUnit result = validator.validate(document);
        if (Boolean.TRUE.equals(result.getValid())) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        collect(result, all);
        // A failing "items" or "properties" is reported at the container too: keep only what lies deepest.
        List<String> deepest = all.stream()
                .distinct()
                .filter(l -> all.stream().noneMatch(other -> other.length() > l.length() && other.startsWith(l + "/")))
                .sorted()
                .toList();
        return deepest.isEmpty() ? List.of("") : deepest;
    }

    /** The indexes of the cases the schema finds a problem in; a problem outside the cases fails the test. */
    public Set<Integer> flaggedCases(Path fixture) {
        Set<Integer> flagged = new TreeSet<>();
        for (String location : problems(read(fixture))) {
            if (!location.startsWith("/cases/")) {
                throw new AssertionError(fixture + ": a problem outside the cases, at '" + location + "'");
            }
            flagged.add(Integer.parseInt(location.split("/")[2]));
        }
        return flagged;
    }

    /** The indexes of the cases the loader rejected as malformed. */
    public static Set<Integer> rejectedCases(LoadedFixture fixture) {
        Set<Integer> rejected = new TreeSet<>();
        for (int i = 0; i < fixture.entries().size(); i++) {
            if (fixture.entries().get(i) instanceof FixtureEntry.Malformed) {
                rejected.add(i);
            }
        }
        return rejected;
    }

    private static void collect(OutputUnit unit, List<String> out) {
        if (unit.getInstanceLocation() != null && unit.getError() != null) {
            out.add(unit.getInstanceLocation().replaceFirst("^#", ""));
        }
        if (unit.getErrors() != null) {
            unit.getErrors().forEach(e -> collect(e, out));
        }
    }

    /** A field path as the validators name it ({@code cases[4].expect}) as a JSON pointer ({@code /cases/4/expect}). */
    public static String pointer(String fieldPath) {
        return "/" + fieldPath.replace("[", ".").replace("]", "").replace(".", "/");
    }

    public static JsonObject read(Path file) {
        try {
            return new JsonObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
