package io.taumesh.core.schema;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One of the JSON Schemas the mesh publishes ({@code docs/schemas}, shipped as {@code io/taumesh/schemas/}), or a
 * part of one, ready to check documents with the Vert.x validator. A problem names its field as every error of
 * the mesh does ({@code children[1].budget.capacity}; the missing or the unknown field itself), with a reason
 * read from the schema. A check is made once per schema and part, and shared: validating is thread-safe.
 */
public final class SchemaCheck {

    /** The {@code $id} prefix of the published schemas. */
    static final String BASE = "https://taumesh.io/schemas/";

    private static final String RESOURCES = "/io/taumesh/schemas/";
    private static final JsonSchemaOptions BASIC =
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE).setOutputFormat(OutputFormat.Basic);
    private static final SchemaRepository REPOSITORY = SchemaRepository.create(BASIC);
    private static final Map<String, JsonObject> DOCUMENTS = new HashMap<>();
    private static final Map<String, SchemaCheck> CHECKS = new HashMap<>();

    /** Says only whether a document is valid, and stops at its first problem: the quick check of every document. */
    private final Validator flag;
    /** Reports every problem: asked only about a document the quick check refused. */
    private final Validator basic;

    private final SchemaNode root;

    private SchemaCheck(String file, String pointer) {
        String ref = BASE + file + (pointer.isEmpty() ? "" : "#" + pointer);
        this.flag = REPOSITORY.validator(ref, new JsonSchemaOptions(BASIC).setOutputFormat(OutputFormat.Flag));
        this.basic = REPOSITORY.validator(ref);
        this.root = SchemaNode.of(file, pointer);
    }

    /** The published schema in {@code file} ({@code supervision-config.schema.json}). */
    public static SchemaCheck of(String file) {
        return of(file, "");
    }

    /** The part of a published schema at a JSON pointer ({@code /$defs/child}). */
    public static synchronized SchemaCheck of(String file, String pointer) {
        SchemaCheck check = CHECKS.get(file + "#" + pointer);
        if (check == null) {
            load(file);
            check = new SchemaCheck(file, pointer);
            CHECKS.put(file + "#" + pointer, check);
        }
        return check;
    }

    /**
     * Everything the schema finds wrong with {@code json}, the one to report first first: a field's problems
     * before the next field's, in the order the schema lists the fields, and an unknown field before the known
     * ones of its object. Empty when the document is valid.
     */
    public List<SchemaProblem> problems(Object json) {
        if (Boolean.TRUE.equals(flag.validate(json).getValid())) {
            return List.of();
        }
        OutputUnit result = basic.validate(json);
        return Boolean.TRUE.equals(result.getValid()) ? List.of() : new SchemaErrors(root, json).problems(result);
    }

    /** The first problem the schema finds with {@code json}. */
    public Optional<FieldError> firstProblem(Object json) {
        List<SchemaProblem> problems = problems(json);
        return problems.isEmpty()
                ? Optional.empty()
                : Optional.of(problems.get(0).error());
    }

    /**
     * A copy of a valid {@code json} with the schema's {@code default}s filled in where a field is absent; an absent
     * object whose fields have defaults is filled in as an empty object with those defaults.
     */
    public JsonObject withDefaults(JsonObject json) {
        JsonObject copy = json.copy();
        fillDefaults(copy, root);
        return copy;
    }

    private static void fillDefaults(JsonObject json, SchemaNode schema) {
        for (String name : schema.propertyNames()) {
            SchemaNode property = schema.resolved().member(name).resolved();
            if (!json.containsKey(name) && property.json().containsKey("default")) {
                json.put(name, copyOf(property.json().getValue("default")));
            } else if (!json.containsKey(name) && hasDefaults(property)) {
                json.put(name, new JsonObject());
            }
            Object value = json.getValue(name);
            if (value instanceof JsonObject object) {
                fillDefaults(object, property);
            } else if (value instanceof JsonArray array && property.get("items") != null) {
                for (Object item : array) {
                    if (item instanceof JsonObject object) {
                        fillDefaults(object, property.get("items").resolved());
                    }
                }
            }
        }
    }

    private static Object copyOf(Object value) {
        return value instanceof JsonObject o ? o.copy() : value instanceof JsonArray a ? a.copy() : value;
    }

    private static boolean hasDefaults(SchemaNode object) {
        return object.propertyNames().stream()
                .anyMatch(n -> object.member(n).resolved().json().containsKey("default"));
    }

    /** The raw text of a shipped schema, as published (what the messages and the defaults are read from). */
    static synchronized JsonObject document(String file) {
        load(file);
        return DOCUMENTS.get(file);
    }

    private static void load(String file) {
        if (DOCUMENTS.containsKey(file)) {
            return;
        }
        JsonObject schema = read(file);
        DOCUMENTS.put(file, schema);
        // The repository annotates what it is given: it gets a copy, and the published text stays as it is.
        REPOSITORY.dereference(BASE + file, JsonSchema.of(schema.copy()));
        references(schema);
    }

    /** Loads the other published files a schema refers to, so that its references resolve. */
    private static void references(Object json) {
        if (json instanceof JsonObject object) {
            if (object.getValue("$ref") instanceof String ref && !ref.startsWith("#")) {
                String target = ref.replace(BASE, "");
                load(target.contains("#") ? target.substring(0, target.indexOf('#')) : target);
            }
            object.forEach(e -> references(e.getValue()));
        } else if (json instanceof JsonArray array) {
            array.forEach(SchemaCheck::references);
        }
    }

    private static JsonObject read(String file) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException(
                        "no published schema " + file + " on the class path (" + RESOURCES + ")");
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
