package io.taumesh.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * JSON text for the commands that ask a running mesh over HTTP, with Jackson's streaming parser and generator
 * alone: the object mapper's start-up would cost such a command more than its whole request.
 */
final class JsonText {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonText() {}

    /** A flat object of strings and numbers. */
    static String encode(Map<String, ?> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, ?> e : fields.entrySet()) {
                g.writeFieldName(e.getKey());
                if (e.getValue() instanceof Number n) {
                    g.writeNumber(n.longValue());
                } else {
                    g.writeString(String.valueOf(e.getValue()));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The same JSON laid out one field a line, as the mesh's own pretty output is. */
    static String pretty(String json) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonParser parser = JSON.createParser(json);
                JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            parser.nextToken();
            g.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    /** The top-level string field {@code name}, or null. */
    static String field(String json, String name) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String current = parser.currentName();
                JsonToken value = parser.nextToken();
                if (current.equals(name) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
