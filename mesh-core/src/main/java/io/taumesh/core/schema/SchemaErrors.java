package io.taumesh.core.schema;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a validator's output says, as the mesh's errors say it. The validator reports a missing field ({@code
 * required}) at its object, and may report an unknown one ({@code additionalProperties}) there too: the problem
 * names the field itself. A JSON-pointer location ({@code /children/1/budget}) becomes a field path ({@code
 * children[1].budget}); a bad item of an array of plain values ({@code command}) names the array. The reason is
 * read from the schema of the field: {@code must be an integer from 1 to 1000, got 0}.
 */
final class SchemaErrors {

    /** The keywords that assert something; the others (properties, items, $ref, allOf, if) pass on what is below. */
    private static final Set<String> ASSERTIONS = Set.of(
            "type",
            "const",
            "enum",
            "required",
            "additionalProperties",
            "unevaluatedProperties",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "minItems",
            "maxItems",
            "uniqueItems",
            "minProperties",
            "maxProperties",
            "not",
            "oneOf",
            "dependentRequired");

    /** What an alternative of a {@code oneOf} that only asks for one field may hold. */
    private static final Set<String> ONE_FIELD = Set.of("required", "title", "description");

    private final SchemaNode root;
    private final Object json;

    SchemaErrors(SchemaNode root, Object json) {
        this.root = root;
        this.json = json;
    }

    /** A problem: where the validator reported it, its keyword, the path of the field it names, and why. */
    private record Found(List<Object> location, String keyword, List<Object> path, String reason) {}

    List<SchemaProblem> problems(OutputUnit result) {
        List<Found> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (OutputUnit unit : flatten(result).toList()) {
            List<String> keywordPath = SchemaNode.segments(String.valueOf(unit.getKeywordLocation()));
            String keyword = keywordPath.isEmpty() ? "" : keywordPath.get(keywordPath.size() - 1);
            // One unit per missing field, all at the object: the first names them all.
            if (ASSERTIONS.contains(keyword)
                    && seen.add(unit.getInstanceLocation() + " " + unit.getKeywordLocation())) {
                List<Object> location = location(String.valueOf(unit.getInstanceLocation()));
                found.addAll(found(location, keyword, keywordPath));
            }
        }
        if (found.isEmpty()) {
            found.add(new Found(List.of(), "", List.of(), "does not match the schema"));
        }
        Comparator<Found> order = Comparator.comparing(f -> rank(f.path()), SchemaErrors::compare);
        return found.stream()
                .sorted(order)
                .map(f -> new SchemaProblem(
                        f.location(), f.keyword(), new FieldError(SchemaProblem.fieldPath(f.path()), f.reason())))
                .toList();
    }

    private static Stream<OutputUnit> flatten(OutputUnit unit) {
        Stream<OutputUnit> below = unit.getErrors() == null
                ? Stream.empty()
                : unit.getErrors().stream().flatMap(SchemaErrors::flatten);
        return Stream.concat(Stream.of(unit), below);
    }

    private List<Found> found(List<Object> location, String keyword, List<String> keywordPath) {
        Object value = valueAt(location);
        SchemaNode node = root.atKeyword(keywordPath);
        return switch (keyword) {
            case "required" ->
                fields(
                        location,
                        keyword,
                        names(node).stream()
                                .filter(name -> !(value instanceof JsonObject o && o.containsKey(name)))
                                .toList(),
                        "is required" + condition(keywordPath));
            case "additionalProperties", "unevaluatedProperties" -> unknown(location, keyword, keywordPath);
            case "not" -> excluded(location, node, value, keywordPath);
            case "oneOf" -> oneOf(location, node, value);
            default -> List.of(invalid(location, keyword, keywordPath));
        };
    }

    private List<Found> fields(List<Object> location, String keyword, List<String> names, String reason) {
        return names.stream()
                .map(name -> new Found(location, keyword, append(location, name), reason))
                .toList();
    }

    /**
     * An unknown field. Vert.x reports it at the field itself, and reports there too a declared field whose value
     * its own schema refuses (that problem is reported on its own); a validator may report it at its object instead,
     * then every field the object does not declare is unknown.
     */
    private List<Found> unknown(List<Object> location, String keyword, List<String> keywordPath) {
        SchemaNode object = root.atKeyword(keywordPath.subList(0, keywordPath.size() - 1));
        List<String> known = object == null ? List.of() : object.propertyNames();
        String reason = "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")";
        if (!location.isEmpty() && object != null) {
            SchemaNode parent = root.atInstance(location.subList(0, location.size() - 1));
            if (parent != null && parent.json().equals(object.resolved().json())) {
                return known.contains(location.get(location.size() - 1))
                        ? List.of()
                        : List.of(new Found(location, keyword, location, reason));
            }
        }
        List<String> names = valueAt(location) instanceof JsonObject o
                ? o.fieldNames().stream().filter(n -> !known.contains(n)).toList()
                : List.of();
        return fields(location, keyword, names, reason);
    }

    /** A {@code not} of required fields (a field that must not be given here) names the field given. */
    private List<Found> excluded(List<Object> location, SchemaNode not, Object value, List<String> keywordPath) {
        List<String> given = names(not == null ? null : not.get("required")).stream()
                .filter(name -> value instanceof JsonObject o && o.containsKey(name))
                .toList();
        String reason = "is not allowed" + condition(keywordPath);
        return given.isEmpty()
                ? List.of(new Found(location, "not", location, reason))
                : fields(location, "not", given.subList(0, 1), reason);
    }

    /** A {@code oneOf} of single required fields: none given names the first, several name the second given. */
    private List<Found> oneOf(List<Object> location, SchemaNode alternatives, Object value) {
        List<String> names = new ArrayList<>();
        int count = alternatives != null && alternatives.value() instanceof JsonArray a ? a.size() : 0;
        for (int i = 0; i < count; i++) {
            SchemaNode alternative = alternatives.get(String.valueOf(i));
            List<String> required = names(alternative.get("required"));
            boolean onlyRequired = alternative.json().fieldNames().stream().allMatch(ONE_FIELD::contains);
            names.add(required.size() == 1 && onlyRequired ? required.get(0) : null);
        }
        List<String> given = names.stream()
                .filter(name -> name != null && value instanceof JsonObject o && o.containsKey(name))
                .toList();
        if (names.isEmpty() || names.contains(null) || given.size() == 1) {
            return List.of(new Found(location, "oneOf", location, "does not match exactly one of the forms allowed"));
        }
        String one = " (one of " + String.join(", ", names) + ")";
        return given.isEmpty()
                ? fields(location, "oneOf", names.subList(0, 1), "is required" + one)
                : fields(location, "oneOf", given.subList(1, 2), "cannot go with " + given.get(0) + one);
    }

    /** A value the schema of its field refuses: the reason says what the field must be. */
    private Found invalid(List<Object> location, String keyword, List<String> keywordPath) {
        List<Object> path = location;
        if (!location.isEmpty() && location.get(location.size() - 1) instanceof Integer) {
            List<Object> array = location.subList(0, location.size() - 1);
            SchemaNode items = root.atInstance(array) == null
                    ? null
                    : root.atInstance(array).get("items");
            if (items != null && !"object".equals(items.resolved().json().getValue("type"))) {
                path = array;
            }
        }
        SchemaNode schema = root.atInstance(path);
        if (schema == null) {
            schema = root.atKeyword(keywordPath.subList(0, keywordPath.size() - 1));
        }
        Object value = valueAt(path);
        String got =
                value instanceof JsonObject || value instanceof JsonArray ? "" : ", got " + FieldError.shown(value);
        return new Found(location, keyword, path, SchemaText.expectation(schema) + got);
    }

    /** For a rule under {@code if}/{@code then}: when it applies ({@code when kind is verticle}). */
    private String condition(List<String> keywordPath) {
        int n = keywordPath.size();
        if (n < 2 || !keywordPath.get(n - 2).equals("then")) {
            return "";
        }
        SchemaNode rule = root.atKeyword(keywordPath.subList(0, n - 2));
        SchemaNode test = rule == null ? null : rule.get("if");
        SchemaNode properties = test == null ? null : test.get("properties");
        if (properties == null) {
            return "";
        }
        return properties.json().stream()
                .filter(e -> e.getValue() instanceof JsonObject p && p.containsKey("const"))
                .map(e -> " when " + e.getKey() + " is " + ((JsonObject) e.getValue()).getValue("const"))
                .findFirst()
                .orElse("");
    }

    private static List<String> names(SchemaNode node) {
        return node != null && node.value() instanceof JsonArray a
                ? a.stream().map(String::valueOf).toList()
                : List.of();
    }

    private static List<Object> append(List<Object> path, Object segment) {
        return Stream.concat(path.stream(), Stream.of(segment)).collect(Collectors.toList());
    }

    /** Where a JSON pointer leads in the document, as names and (in arrays) integer indexes. */
    private List<Object> location(String pointer) {
        List<Object> path = new ArrayList<>();
        Object at = json;
        for (String segment : SchemaNode.segments(pointer)) {
            if (at instanceof JsonArray array) {
                int index = Integer.parseInt(segment);
                path.add(index);
                at = index < array.size() ? array.getValue(index) : null;
            } else {
                path.add(segment);
                at = at instanceof JsonObject object ? object.getValue(segment) : null;
            }
        }
        return path;
    }

    private Object valueAt(List<Object> path) {
        Object at = json;
        for (Object segment : path) {
            if (at instanceof JsonArray array && segment instanceof Integer index) {
                at = index < array.size() ? array.getValue(index) : null;
            } else {
                at = at instanceof JsonObject object ? object.getValue(String.valueOf(segment)) : null;
            }
        }
        return at;
    }

    /**
     * Where a field comes in the order problems are reported: per level, its index in an array, or its place in
     * the schema's list of fields (an unknown field, -1, before them all).
     */
    private List<Integer> rank(List<Object> path) {
        List<Integer> rank = new ArrayList<>();
        SchemaNode node = root;
        for (Object segment : path) {
            rank.add(
                    segment instanceof Integer index
                            ? index
                            : node == null ? -1 : node.propertyNames().indexOf(segment));
            node = node == null ? null : node.resolved().member(segment);
        }
        return rank;
    }

    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
