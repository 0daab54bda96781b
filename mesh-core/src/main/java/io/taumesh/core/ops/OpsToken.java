package io.taumesh.core.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret a node's ops endpoint asks of a command that changes something. A local command reads it from the
 * node's discovery file (0600); a remote one is given it ({@code TAU_OPS_TOKEN}).
 */
public final class OpsToken {

    public static final int MIN_CHARS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpsToken() {}

    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A given token, refused when it is short enough to guess. */
    public static String check(String token) {
        if (token.length() < MIN_CHARS) {
            throw new IllegalArgumentException("the ops token must be at least " + MIN_CHARS + " characters");
        }
        return token;
    }

    /** In constant time, so that the time of a refusal tells nothing about the token. */
    public static boolean matches(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
