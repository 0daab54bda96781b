package io.taumesh.core.runner.storage;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads the files of a {@link SegmentedLog}: the tail of the live file, its lines from an offset, and every line of
 * a live file or a compressed segment streamed. A line that is not whole JSON (a torn last write) is left out.
 * Blocking throughout.
 */
final class LogFileReads {

    private LogFileReads() {}

    /** Up to {@code max} complete lines from the end of the live file, read backwards: cost bounded by {@code max}. */
    static SegmentedLog.Tail tail(Path live, int max) throws IOException {
        if (!Files.exists(live)) {
            return new SegmentedLog.Tail(List.of(), false);
        }
        try (RandomAccessFile file = new RandomAccessFile(live.toFile(), "r")) {
            long length = file.length();
            // Read back until the bytes hold max + 1 newlines (so that the first line in them is whole) or the start.
            long from = length;
            int newlines = 0;
            byte[] buffer = new byte[64 * 1024];
            while (from > 0 && newlines <= max) {
                int n = (int) Math.min(buffer.length, from);
                from -= n;
                file.seek(from);
                file.readFully(buffer, 0, n);
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    }
                }
            }
            byte[] tail = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            boolean torn = !text.isEmpty() && !text.endsWith("\n");
            String[] parts = text.split("\n", -1);
            // The last part follows the last newline (empty, or torn); the first is partial unless we read from 0.
            int first = from == 0 ? 0 : 1;
            List<JsonObject> lines = new ArrayList<>();
            for (int i = Math.max(first, parts.length - 1 - max); i < parts.length - 1; i++) {
                JsonObject parsed = parse(parts[i]);
                if (parsed != null) {
                    lines.add(parsed);
                }
            }
            return new SegmentedLog.Tail(lines, torn);
        }
    }

    /** The complete lines of the live file from {@code offset} on (a torn tail is left out). */
    static List<SegmentedLog.Line> readFrom(Path live, long offset) throws IOException {
        List<SegmentedLog.Line> out = new ArrayList<>();
        if (!Files.exists(live)) {
            return out;
        }
        try (RandomAccessFile file = new RandomAccessFile(live.toFile(), "r")) {
            long length = file.length();
            if (offset >= length) {
                return out;
            }
            byte[] bytes = new byte[(int) (length - offset)];
            file.seek(offset);
            file.readFully(bytes);
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    JsonObject parsed = parse(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    if (parsed != null) {
                        out.add(new SegmentedLog.Line(offset + start, parsed));
                    }
                    start = i + 1;
                }
            }
        }
        return out;
    }

    /** The first line of a segment or live file, or null when it has no complete one: where its time begins. */
    static JsonObject first(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            return line == null ? null : parse(line);
        }
    }

    static void stream(Path file, Consumer<JsonObject> each) throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024)) {
            String line;
            String previous = null;
            while ((line = reader.readLine()) != null) {
                if (previous != null) {
                    JsonObject parsed = parse(previous);
                    if (parsed != null) {
                        each.accept(parsed);
                    }
                }
                previous = line;
            }
            // The last line counts only if the file ends with a newline (otherwise it is a torn write).
            if (previous != null && endsWithNewline(file)) {
                JsonObject parsed = parse(previous);
                if (parsed != null) {
                    each.accept(parsed);
                }
            }
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        if (file.toString().endsWith(".gz")) {
            return true; // a segment was a complete live file when it rolled
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() == 0) {
                return false;
            }
            raf.seek(raf.length() - 1);
            return raf.read() == '\n';
        }
    }

    private static JsonObject parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(line);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}
