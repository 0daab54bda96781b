package io.taumesh.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret an operator's control action must carry. It is compared in constant time, on SHA-256 digests so
 * that neither the content nor the length of a guess shows in the time a refusal takes, and it never prints:
 * {@link #toString} hides it, so that no log line or error message can carry it by accident.
 */
public final class OperatorToken {

    public static final int MIN_CHARS = 16;

    private final byte[] digest;
    private final String value;

    private OperatorToken(String value) {
        this.value = value;
        this.digest = sha256(value);
    }

    /** The token; null or shorter than {@link #MIN_CHARS} is refused. */
    public static OperatorToken of(String value) {
        if (value == null || value.length() < MIN_CHARS) {
            throw new IllegalArgumentException("an operator token must be at least " + MIN_CHARS + " characters");
        }
        return new OperatorToken(value);
    }

    /** A token nobody can guess: 48 hex digits from a secure random source. */
    public static OperatorToken generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new OperatorToken(HexFormat.of().formatHex(bytes));
    }

    /** Whether {@code given} is this token, in time independent of where they differ. */
    public boolean matches(String given) {
        return given != null && MessageDigest.isEqual(digest, sha256(given));
    }

    /** The secret itself: for the one place that hands it to the operator (the dashboard's URL), nowhere else. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "OperatorToken(hidden)";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
