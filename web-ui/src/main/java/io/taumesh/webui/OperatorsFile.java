package io.taumesh.webui;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.security.OperatorToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Adds a named operator to an operators file: a fresh secret, of which only the SHA-256 is written, the file
 * replaced atomically and readable by its owner alone. Blocking.
 */
public final class OperatorsFile {

    private OperatorsFile() {}

    /** Adds {@code name} with {@code role} to {@code file} (made when missing); returns the secret, never kept. */
    public static String add(Path file, String name, String role) throws IOException {
        JsonObject root;
        if (Files.exists(file)) {
            try {
                root = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
            } catch (DecodeException | ClassCastException e) {
                throw new FieldError("$", "the operators file " + file + " is not a JSON object");
            }
        } else {
            root = new JsonObject().put("schema_version", 1).put("operators", new JsonArray());
        }
        String secret = OperatorToken.generate().reveal();
        JsonArray operators = root.getValue("operators") instanceof JsonArray list ? list : new JsonArray();
        root.put(
                "operators",
                operators.add(new JsonObject()
                        .put("name", name)
                        .put("role", role)
                        .put("secret_sha256", OperatorBook.hex(secret))));
        // The whole file as the web UI will read it: a bad name, a taken one or an unknown role is refused here.
        try {
            OperatorBook.parse(OperatorToken.generate(), root);
        } catch (FieldError e) {
            throw new FieldError(e.field(), e.reason() + " (in " + file + ")");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.writeOwnerOnly(file, root.encodePrettily().getBytes(StandardCharsets.UTF_8));
        return secret;
    }
}
