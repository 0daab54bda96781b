package io.taumesh.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Who may sign in at one entrance, and as what: the entrance's own token (the page's operator token, an admin named
 * {@code operator}; a node's ops token, an admin named {@code owner}) and the named operators of the operators file,
 * each with a role, the SHA-256 of a secret and perhaps an expiry ({@code docs/security.md}, "Named operators").
 * Secrets are long random strings, so a digest suffices; a secret given at sign-in is compared with every digest in
 * constant time, and none is ever kept in clear.
 */
public final class OperatorBook {

    /** Someone signed in: a name and a role. */
    public record Operator(String name, OperatorRole role) {}

    /**
     * What a secret signs in as: an operator, and until when ({@code expiresAt}, null for no end); or an operator whose
     * secret has expired ({@code expired}); or nobody.
     */
    public record SignIn(
            @Nullable Operator operator, @Nullable Instant expiresAt, boolean expired) {

        static final SignIn NOBODY = new SignIn(null, null, false);

        /** Signed in, and not expired. */
        public Optional<Operator> signedIn() {
            return expired ? Optional.empty() : Optional.ofNullable(operator);
        }
    }

    /** The name the web UI's operator token signs in as. */
    public static final String TOKEN_OPERATOR = "operator";

    /** The name a node's ops token signs in as: the mesh's owner, who started it and holds its discovery file. */
    public static final String OWNER = "owner";

    private record Entry(
            Operator operator, byte[] digest, @Nullable Instant expiresAt) {}

    private final List<Entry> tokens;
    private final List<Entry> named;

    private OperatorBook(List<Entry> tokens, List<Entry> named) {
        this.tokens = List.copyOf(tokens);
        this.named = List.copyOf(named);
    }

    /** The entrance's own token alone, an admin named {@code name}: what a mesh without an operators file takes. */
    public static OperatorBook of(String name, String token) {
        return new OperatorBook(
                List.of(new Entry(new Operator(name, OperatorRole.ADMIN), sha256(token), null)), List.of());
    }

    /** Nobody: an entrance without a token of its own (the relay's socket), until named operators are added. */
    public static OperatorBook none() {
        return new OperatorBook(List.of(), List.of());
    }

    /** This book's token and the named operators of an operators file. */
    public OperatorBook with(List<OperatorsFile.Named> operators) {
        return new OperatorBook(
                tokens,
                operators.stream()
                        .map(n -> new Entry(n.operator(), n.digest(), n.expiresAt()))
                        .toList());
    }

    /** Who {@code secret} signs in as at {@code now}: every digest is compared, whoever matches. */
    public SignIn signIn(@Nullable String secret, Instant now) {
        if (secret == null) {
            return SignIn.NOBODY;
        }
        byte[] given = sha256(secret);
        Entry found = null;
        for (Entry e : Stream.concat(tokens.stream(), named.stream()).toList()) {
            if (MessageDigest.isEqual(e.digest(), given) && found == null) {
                found = e;
            }
        }
        if (found == null) {
            return SignIn.NOBODY;
        }
        boolean expired = found.expiresAt() != null && !now.isBefore(found.expiresAt());
        return new SignIn(found.operator(), found.expiresAt(), expired);
    }

    /** Who {@code secret} signs in as now, if anyone whose secret holds. */
    public Optional<Operator> signIn(@Nullable String secret) {
        return signIn(secret, Instant.now()).signedIn();
    }

    /** How many named operators it holds (the token not counted). */
    public int named() {
        return named.size();
    }

    /** The SHA-256 of {@code secret} in lowercase hex, as the operators file keeps it. */
    public static String hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
