package io.taumesh.core.security;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.files.AtomicFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The operators file: {@code {"schema_version": 1, "operators": [{"name", "role", "secret_sha256", "expires_at"?}]}},
 * read whole (a bad entry stops the read, naming the file and the field) and added to with a fresh secret of which
 * only the SHA-256 is written, the file replaced atomically and readable by its owner alone. Blocking.
 */
public final class OperatorsFile {

    /** A named operator as the file holds it. */
    public record Named(
            OperatorBook.Operator operator,
            byte[] digest,
            @Nullable Instant expiresAt) {}

    record FileJson(int schemaVersion, List<EntryJson> operators) {}

    record EntryJson(
            String name,
            String role,
            String secretSha256,
            @Nullable String expiresAt) {}

    /** The names the entrances' own tokens sign in as: no named operator may take them. */
    public static final Set<String> RESERVED = Set.of(OperatorBook.TOKEN_OPERATOR, OperatorBook.OWNER);

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    /** Where a node's services find the node's operators file in their deployment config. */
    public static final String CONFIG_KEY = "tau_operators_file";

    private OperatorsFile() {}

    /** The node's operators file as a deployment config carries it; nothing for none. */
    public static JsonObject toConfig(@Nullable Path file) {
        return file == null
                ? new JsonObject()
                : new JsonObject().put(CONFIG_KEY, file.toAbsolutePath().toString());
    }

    /** The node's operators file in a deployment config, or null for none. */
    public static @Nullable Path fromConfig(JsonObject config) {
        return config.getValue(CONFIG_KEY) instanceof String path && !path.isBlank() ? Path.of(path) : null;
    }

    /** The named operators of {@code file}. Errors name the file and the field. */
    public static List<Named> load(Path file) {
        try {
            return parse(readObject(file));
        } catch (FieldError e) {
            throw e.reason().contains(file.toString())
                    ? e
                    : new FieldError(e.field(), e.reason() + " (in " + file + ")");
        }
    }

    public static List<Named> parse(JsonObject root) {
        if (!Integer.valueOf(1).equals(root.getValue("schema_version"))) {
            throw new FieldError(
                    "schema_version", "must be 1, got " + FieldError.shown(root.getValue("schema_version")));
        }
        FileJson book = MeshJson.bind(root, FileJson.class);
        List<Named> named = new ArrayList<>();
        Set<String> names = new HashSet<>(RESERVED);
        List<EntryJson> operators = book.operators() == null ? List.of() : book.operators();
        for (int i = 0; i < operators.size(); i++) {
            named.add(entry("operators[" + i + "]", operators.get(i), names));
        }
        return named;
    }

    private static Named entry(String at, EntryJson e, Set<String> names) {
        if (e.name() == null || !NAME.matcher(e.name()).matches()) {
            throw new FieldError(
                    at + ".name", "must be 1-64 characters of [a-z0-9._-], got " + FieldError.shown(e.name()));
        }
        if (!names.add(e.name())) {
            throw new FieldError(at + ".name", "'" + e.name() + "' is used by another operator (or is a token's)");
        }
        OperatorRole role = WireName.parse(OperatorRole.class, e.role())
                .orElseThrow(() -> new FieldError(
                        at + ".role", "must be one of viewer, operator, admin, got " + FieldError.shown(e.role())));
        if (e.secretSha256() == null || !DIGEST.matcher(e.secretSha256()).matches()) {
            throw new FieldError(at + ".secret_sha256", "must be the 64 lowercase hex digits of a SHA-256");
        }
        Instant expiresAt = null;
        if (e.expiresAt() != null) {
            try {
                expiresAt = Instant.parse(e.expiresAt());
            } catch (DateTimeParseException bad) {
                throw new FieldError(
                        at + ".expires_at",
                        "must be an instant such as 2027-01-31T18:00:00Z, got " + FieldError.shown(e.expiresAt()));
            }
        }
        return new Named(
                new OperatorBook.Operator(e.name(), role), HexFormat.of().parseHex(e.secretSha256()), expiresAt);
    }

    /**
     * Adds {@code name} with {@code role} (and an expiry, or none) to {@code file}, made when missing; returns the
     * secret, which is never kept.
     */
    public static String add(Path file, String name, String role, @Nullable Instant expiresAt) throws IOException {
        JsonObject root = Files.exists(file)
                ? readObject(file)
                : new JsonObject().put("schema_version", 1).put("operators", new JsonArray());
        String secret = OperatorToken.generate().reveal();
        JsonObject entry =
                new JsonObject().put("name", name).put("role", role).put("secret_sha256", OperatorBook.hex(secret));
        if (expiresAt != null) {
            entry.put("expires_at", expiresAt.toString());
        }
        JsonArray operators = root.getValue("operators") instanceof JsonArray list ? list : new JsonArray();
        root.put("operators", operators.add(entry));
        // The whole file as the entrances will read it: a bad name, a taken one or an unknown role is refused here.
        try {
            parse(root);
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

    /** What to do about an expired secret, said the same at every entrance. */
    public static String renewal(String name) {
        return "an admin gives a new secret: ./tau-mesh --operators FILE --operator-remove " + name
                + ", then --operator-add " + name + " (with --operator-expires for another end)";
    }

    /** Removes the operator named {@code name} from {@code file}; false when it names none. */
    public static boolean remove(Path file, String name) throws IOException {
        JsonObject root = readObject(file);
        JsonArray operators = root.getValue("operators") instanceof JsonArray list ? list : new JsonArray();
        JsonArray kept = new JsonArray();
        operators.forEach(o -> {
            if (!(o instanceof JsonObject entry && name.equals(entry.getValue("name")))) {
                kept.add(o);
            }
        });
        if (kept.size() == operators.size()) {
            return false;
        }
        root.put("operators", kept);
        parse(root);
        AtomicFiles.writeOwnerOnly(file, root.encodePrettily().getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private static JsonObject readObject(Path file) {
        try {
            return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FieldError("$", "cannot read the operators file " + file + ": " + e.getMessage());
        } catch (DecodeException | ClassCastException e) {
            throw new FieldError("$", "the operators file " + file + " is not a JSON object");
        }
    }
}
