package io.taumesh.core.schema;

import io.taumesh.core.contract.FieldError;
import java.util.List;

/**
 * One thing a JSON Schema finds wrong with a document: where the validator reported it ({@code location}, the
 * segments of its JSON pointer: names, and indexes as integers), the keyword that failed ({@code required},
 * {@code type}, ...), and the error as the mesh names it: the field at fault in path form
 * ({@code children[1].budget.capacity}, the missing or unknown field itself) with a reason for a person.
 */
public record SchemaProblem(List<Object> location, String keyword, FieldError error) {

    public SchemaProblem {
        location = List.copyOf(location);
    }

    /** The field path of {@code segments}: {@code children[1].budget}; {@code $} for the document itself. */
    public static String fieldPath(List<Object> segments) {
        StringBuilder path = new StringBuilder();
        for (Object segment : segments) {
            if (segment instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(segment);
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }
}
