package io.taumesh.core.testing;

import io.taumesh.core.security.OperatorBook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Operators files as tests write them: named operators with a role and the digest of a known secret. */
public final class OperatorsFiles {

    private OperatorsFiles() {}

    /** One operator: {@code name}, {@code role}, the SHA-256 of {@code secret}. */
    public static JsonObject named(String name, String role, String secret) {
        return new JsonObject().put("name", name).put("role", role).put("secret_sha256", OperatorBook.hex(secret));
    }

    /** The file's content with {@code operators}. */
    public static JsonObject book(JsonObject... operators) {
        return new JsonObject().put("schema_version", 1).put("operators", new JsonArray(List.of((Object[]) operators)));
    }

    /** Writes {@code operators} to {@code file}; returns it. */
    public static Path write(Path file, JsonObject... operators) throws IOException {
        Files.writeString(file, book(operators).encode());
        return file;
    }
}
