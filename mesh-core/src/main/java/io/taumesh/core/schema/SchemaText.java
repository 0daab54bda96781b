package io.taumesh.core.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What a field's schema asks of its value, said for a person: {@code must be an integer from 1 to 1000}. */
final class SchemaText {

    private SchemaText() {}

    static String expectation(SchemaNode node) {
        JsonObject s = node == null ? new JsonObject() : node.resolved().json();
        if (s.getValue("enum") instanceof JsonArray values) {
            return "must be " + either(values.stream().map(String::valueOf).toList());
        }
        if (s.containsKey("const")) {
            return "must be " + s.getValue("const");
        }
        Object type = s.getValue("type");
        if ("integer".equals(type) || "number".equals(type)) {
            return "must be " + ("integer".equals(type) ? "an integer" : "a number") + range(s);
        }
        if ("string".equals(type)) {
            String pattern = s.containsKey("pattern") ? " matching " + s.getValue("pattern") : "";
            return "must be a " + (atLeastOne(s, "minLength") ? "non-empty " : "") + "string" + pattern;
        }
        if ("array".equals(type)) {
            return "must be " + (atLeastOne(s, "minItems") ? "a non-empty array" : "an array") + items(s);
        }
        return switch (String.valueOf(type)) {
            case "boolean" -> "must be true or false";
            case "object" -> "must be an object";
            default -> "is not valid here";
        };
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    static String either(List<String> values) {
        if (values.size() < 2) {
            return String.join("", values);
        }
        return String.join(", ", values.subList(0, values.size() - 1)) + " or " + values.get(values.size() - 1);
    }

    private static String range(JsonObject s) {
        Object min = s.getValue("minimum");
        Object max = s.getValue("maximum");
        if (min != null && max != null) {
            return " from " + min + " to " + max;
        }
        return min != null ? " of at least " + min : max != null ? " of at most " + max : "";
    }

    private static boolean atLeastOne(JsonObject s, String keyword) {
        return s.getValue(keyword) instanceof Number n && n.intValue() >= 1;
    }

    /** What the items of an array of plain values are: {@code of non-empty strings}. */
    private static String items(JsonObject s) {
        if (!(s.getValue("items") instanceof JsonObject items)) {
            return "";
        }
        Object type = items.getValue("type");
        if ("string".equals(type)) {
            return " of " + (atLeastOne(items, "minLength") ? "non-empty " : "") + "strings";
        }
        return "integer".equals(type) || "number".equals(type) ? " of " + type + "s" : "";
    }
}
