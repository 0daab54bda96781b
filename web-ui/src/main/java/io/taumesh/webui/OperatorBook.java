package io.taumesh.webui;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.WireName;
import io.taumesh.core.security.OperatorToken;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may sign in to the page, and as what: the operator token (the one the mesh prints, an {@code admin} named
 * {@code operator}) and the named operators of an operators file, each with a role and the SHA-256 of a secret
 * ({@code docs/security.md}, "Named operators"). Secrets are long random strings, so a digest suffices; a secret
 * given at sign-in is compared with every digest in constant time, and none is ever kept in clear.
 */
final class OperatorBook {

    /** Someone signed in: a name and a role. */
    record Operator(String name, OperatorRole role) {}

    /** The operators file as written. */
    record BookJson(int schemaVersion, List<EntryJson> operators) {}

    record EntryJson(String name, String role, String secretSha256) {}

    /** The name the operator token signs in as. */
    static final String TOKEN_OPERATOR = "operator";

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    private record Entry(Operator operator, byte[] digest) {}

    private final List<Entry> entries;

    private OperatorBook(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The operator token alone: what a mesh without an operators file takes. */
    static OperatorBook of(OperatorToken token) {
        return new OperatorBook(List.of(tokenEntry(token)));
    }

    /** The operator token and the operators of {@code file}. Blocking. Errors name the file and the field. */
    static OperatorBook load(OperatorToken token, Path file) {
        JsonObject root;
        try {
            root = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FieldError("$", "cannot read the operators file " + file + ": " + e.getMessage());
        } catch (DecodeException | ClassCastException e) {
            throw new FieldError("$", "the operators file " + file + " is not a JSON object");
        }
        try {
            return parse(token, root);
        } catch (FieldError e) {
            throw new FieldError(e.field(), e.reason() + " (in " + file + ")");
        }
    }

    static OperatorBook parse(OperatorToken token, JsonObject root) {
        if (!Integer.valueOf(1).equals(root.getValue("schema_version"))) {
            throw new FieldError(
                    "schema_version", "must be 1, got " + FieldError.shown(root.getValue("schema_version")));
        }
        BookJson book = MeshJson.bind(root, BookJson.class);
        List<Entry> entries = new ArrayList<>(List.of(tokenEntry(token)));
        Set<String> names = new HashSet<>(Set.of(TOKEN_OPERATOR));
        List<EntryJson> operators = book.operators() == null ? List.of() : book.operators();
        for (int i = 0; i < operators.size(); i++) {
            EntryJson e = operators.get(i);
            String at = "operators[" + i + "]";
            if (e.name() == null || !NAME.matcher(e.name()).matches()) {
                throw new FieldError(
                        at + ".name", "must be 1-64 characters of [a-z0-9._-], got " + FieldError.shown(e.name()));
            }
            if (!names.add(e.name())) {
                throw new FieldError(
                        at + ".name", "'" + e.name() + "' is used by another operator (or is the token's)");
            }
            OperatorRole role = WireName.parse(OperatorRole.class, e.role())
                    .orElseThrow(() -> new FieldError(
                            at + ".role", "must be one of viewer, operator, admin, got " + FieldError.shown(e.role())));
            if (e.secretSha256() == null || !DIGEST.matcher(e.secretSha256()).matches()) {
                throw new FieldError(at + ".secret_sha256", "must be the 64 lowercase hex digits of a SHA-256");
            }
            entries.add(new Entry(new Operator(e.name(), role), HexFormat.of().parseHex(e.secretSha256())));
        }
        return new OperatorBook(entries);
    }

    /** Who {@code secret} signs in as, if anyone: every digest is compared, whoever matches. */
    Optional<Operator> signIn(String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        byte[] given = sha256(secret);
        Operator found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), given) && found == null) {
                found = e.operator();
            }
        }
        return Optional.ofNullable(found);
    }

    /** How many can sign in, the token included. */
    int size() {
        return entries.size();
    }

    static String hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static Entry tokenEntry(OperatorToken token) {
        return new Entry(new Operator(TOKEN_OPERATOR, OperatorRole.ADMIN), sha256(token.reveal()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
