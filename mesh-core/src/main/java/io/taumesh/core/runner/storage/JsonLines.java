package io.taumesh.core.runner.storage;

import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.files.StateFs;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Append-only JSON-lines files. Appends are forced to disk. A crash can leave a torn last line (no
 * newline, or not JSON): readers skip it and count it, and the next append cuts it off first so that
 * new lines never start in the middle of an old one. Blocking throughout.
 */
public final class JsonLines {

    /** The parsed lines, the torn tail if any, and lines elsewhere that are not JSON objects (1-based numbers). */
    public record Read(List<JsonObject> objects, boolean tornTail, List<Integer> invalidLines) {}

    private JsonLines() {}

    public static Read read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Read(List.of(), false, List.of());
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<JsonObject> objects = new ArrayList<>();
        List<Integer> invalid = new ArrayList<>();
        boolean torn = false;
        int lineNo = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            boolean last = end < 0;
            String line = last ? text.substring(start) : text.substring(start, end);
            lineNo++;
            start = last ? text.length() : end + 1;
            if (line.isBlank()) {
                continue;
            }
            JsonObject parsed = parse(line);
            if (parsed != null && !last) {
                objects.add(parsed);
            } else if (last) {
                // No newline: the write of this line did not finish, whatever it parses as.
                torn = true;
            } else {
                invalid.add(lineNo);
            }
        }
        return new Read(objects, torn, invalid);
    }

    /** Appends the lines and forces them to disk, cutting off a torn tail first. */
    public static void append(Path file, List<String> lines) throws IOException {
        append(StateFs.DISK, file, lines);
    }

    /**
     * The same append through {@code fs}: a torn tail is cut, the lines are appended and forced, and a file the
     * append created is made durable in its directory, so that forced lines cannot vanish with their file.
     */
    public static void append(StateFs fs, Path file, List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a JSON line must not contain a newline");
            }
            sb.append(line).append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        fs.createDirectories(dir);
        boolean created = !Files.exists(file);
        if (!created) {
            cutTornTail(fs, file);
        }
        fs.append(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        fs.force(file);
        if (created) {
            fs.forceDirectory(dir);
        }
    }

    /**
     * Keeps, of the file's lines from {@code offset} on, only those {@code kept} accepts, and replaces the file
     * atomically (a crash leaves it whole, before or after). The lines kept are the bytes they were written as; a
     * torn tail is dropped.
     */
    static void keepFrom(StateFs fs, Path file, long offset, Predicate<JsonObject> kept) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream(all.length);
        out.write(all, 0, (int) offset);
        int start = (int) offset;
        for (int i = start; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            String line = new String(all, start, i - start, StandardCharsets.UTF_8);
            if (!line.isBlank() && keeps(kept, line)) {
                out.write(all, start, i + 1 - start);
            }
            start = i + 1;
        }
        AtomicFiles.write(fs, file, out.toByteArray());
    }

    /** A line that is not a JSON object is kept as it is: only what the predicate rejects is dropped. */
    private static boolean keeps(Predicate<JsonObject> kept, String line) {
        try {
            return kept.test(new JsonObject(line));
        } catch (DecodeException | ClassCastException e) {
            return true;
        }
    }

    /** Drops bytes after the last newline: they are a line whose write a crash interrupted. */
    static void cutTornTail(Path file) throws IOException {
        cutTornTail(StateFs.DISK, file);
    }

    /** As above, through {@code fs}; the cut is forced by the caller's next force of the file. */
    static void cutTornTail(StateFs fs, Path file) throws IOException {
        long keep = wholeLinesLength(file);
        if (keep >= 0) {
            fs.truncate(file, keep);
        }
    }

    /** The length of the file up to its last newline, or -1 when it needs no cut (missing, empty, or ending with one). */
    static long wholeLinesLength(Path file) throws IOException {
        if (!Files.exists(file)) {
            return -1;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length == 0) {
                return -1;
            }
            raf.seek(length - 1);
            if (raf.read() == '\n') {
                return -1;
            }
            long pos = length - 1;
            int chunk = 4096;
            byte[] buf = new byte[chunk];
            while (pos > 0) {
                int n = (int) Math.min(chunk, pos);
                raf.seek(pos - n);
                raf.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        return pos - n + i + 1;
                    }
                }
                pos -= n;
            }
            return 0;
        }
    }

    private static JsonObject parse(String line) {
        try {
            return new JsonObject(line);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}
