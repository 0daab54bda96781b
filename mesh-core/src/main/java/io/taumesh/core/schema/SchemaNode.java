package io.taumesh.core.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A place in one of the shipped schema documents, with the file it is in (against which its {@code $ref}s
 * resolve): what the error messages and the order of problems are read from. The schemas are the published
 * ones: references are local ({@code #/$defs/child}) or to another published file ({@code control-action.schema.json}).
 */
record SchemaNode(String file, Object value) {

    /** The subschema at a JSON pointer ({@code /$defs/child}; empty for the document) of a shipped file. */
    static SchemaNode of(String file, String pointer) {
        SchemaNode node = new SchemaNode(file, SchemaCheck.document(file));
        for (String segment : segments(pointer)) {
            node = node == null ? null : node.get(segment);
        }
        return node;
    }

    /** The segments of a JSON pointer or of a location such as {@code #/children/0}, unescaped. */
    static List<String> segments(String pointer) {
        String path = pointer.startsWith("#") ? pointer.substring(1) : pointer;
        List<String> segments = new ArrayList<>();
        if (path.isEmpty()) {
            return segments;
        }
        for (String raw : path.substring(1).split("/", -1)) {
            segments.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    JsonObject json() {
        return value instanceof JsonObject o ? o : new JsonObject();
    }

    /** One step down: a member of an object, or an item of an array by its index; null when there is none. */
    SchemaNode get(String segment) {
        Object next = null;
        if (value instanceof JsonObject o) {
            next = o.getValue(segment);
        } else if (value instanceof JsonArray a && segment.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(segment);
            next = index < a.size() ? a.getValue(index) : null;
        }
        return next == null ? null : new SchemaNode(file, next);
    }

    /** This subschema with its {@code $ref} followed (again, while the target is a reference too). */
    SchemaNode resolved() {
        SchemaNode node = this;
        while (node != null && node.json().getValue("$ref") instanceof String ref) {
            int hash = ref.indexOf('#');
            String target = hash < 0 ? ref : ref.substring(0, hash);
            String file = target.isEmpty() ? node.file : target.replace(SchemaCheck.BASE, "");
            node = of(file, hash < 0 ? "" : ref.substring(hash + 1));
        }
        return node;
    }

    /** The node a validator's keyword location names ({@code #/properties/a/$ref/allOf/0/then}), from this root. */
    SchemaNode atKeyword(List<String> keywordSegments) {
        SchemaNode node = this;
        for (String segment : keywordSegments) {
            if (node == null) {
                return null;
            }
            node = segment.equals("$ref") ? node.resolved() : node.get(segment);
        }
        return node;
    }

    /** The subschema that describes the value at an instance path from this root (properties and items), or null. */
    SchemaNode atInstance(List<Object> path) {
        SchemaNode node = this;
        for (Object segment : path) {
            node = node == null ? null : node.resolved().member(segment);
        }
        return node == null ? null : node.resolved();
    }

    /** The subschema of one property ({@code properties}) or of an item ({@code items}) of this resolved node. */
    SchemaNode member(Object segment) {
        if (segment instanceof Integer) {
            return get("items");
        }
        SchemaNode properties = get("properties");
        return properties == null ? null : properties.get((String) segment);
    }

    /** The names this object schema declares, in the order the schema lists them. */
    List<String> propertyNames() {
        SchemaNode properties = resolved().get("properties");
        return properties == null ? List.of() : List.copyOf(properties.json().fieldNames());
    }
}
