package io.taumesh.core.security;

import io.taumesh.core.contract.FieldError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Keeps a path that arrives in a message inside one directory: a relative path is taken from the directory,
 * the result is normalized and must stay under it, and then its real path (links followed) must stay under
 * the directory's real path too, so that neither {@code ../} nor a symbolic link leads out. Every refusal is
 * a {@link FieldError} naming the message's field. Blocking (it asks the file system).
 */
public final class PathConfinement {

    private final Path root;
    private final String field;

    /** Paths of {@code field} confined to {@code root}. */
    public PathConfinement(Path root, String field) {
        this.root = root.toAbsolutePath().normalize();
        this.field = field;
    }

    public Path root() {
        return root;
    }

    /** The real path of an existing regular file under the root that {@code given} names. */
    public Path resolve(Object given) {
        if (!(given instanceof String text) || text.isBlank()) {
            throw new FieldError(field, "is required (a file under " + root + ")");
        }
        if (text.indexOf('\0') >= 0) {
            throw new FieldError(field, "must not contain a NUL character");
        }
        Path asked;
        try {
            asked = root.resolve(text).normalize();
        } catch (InvalidPathException e) {
            throw new FieldError(field, "is not a valid path: " + e.getReason());
        }
        if (!asked.startsWith(root)) {
            throw new FieldError(field, "must name a file under " + root + ", got " + text);
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new FieldError(field, "cannot be read: the directory " + root + " does not exist");
        }
        Path real;
        try {
            real = asked.toRealPath();
        } catch (NoSuchFileException e) {
            throw new FieldError(field, "does not exist under " + root + ": " + text);
        } catch (IOException e) {
            throw new FieldError(field, "cannot be read: " + e.getMessage());
        }
        if (!real.startsWith(realRoot)) {
            throw new FieldError(
                    field, "must name a file under " + root + ", but " + text + " leads out of it (a link)");
        }
        if (!Files.isRegularFile(real)) {
            throw new FieldError(field, "must name a regular file under " + root + ", got " + text);
        }
        return real;
    }
}
