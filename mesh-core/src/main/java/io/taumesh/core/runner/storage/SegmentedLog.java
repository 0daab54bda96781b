package io.taumesh.core.runner.storage;

import io.taumesh.core.files.StateFs;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * An append-only JSON-lines log that stays bounded: the live file (the path the runbooks name) rolls into a
 * numbered, compressed segment ({@code segments/<name>.000001.jsonl.gz}) once it passes a size, and only the
 * newest segments are kept ({@link LogRetention}). Readers take the tail of the live file for what is recent,
 * or stream every kept segment and then the live file for a replay. Blocking throughout.
 */
public final class SegmentedLog {

    static final String SEGMENTS = "segments";
    private static final Pattern SEGMENT = Pattern.compile("(.+)\\.(\\d{6})\\.jsonl(\\.gz)?");

    private final Path live;
    private final String name;
    private final LogRetention retention;
    private final StateFs fs;
    /** How many segments are kept, as last listed: read without I/O (by a status on an event loop). */
    private volatile int keptSegments;
    /** The number of the newest segment, as last listed or rolled (no I/O to read). */
    private volatile int newestSegment;

    public SegmentedLog(Path live, LogRetention retention) {
        this(live, retention, StateFs.DISK);
    }

    /** A log whose writes go through {@code fs}. */
    public SegmentedLog(Path live, LogRetention retention, StateFs fs) {
        this.live = live;
        this.fs = fs;
        String file = live.getFileName().toString();
        this.name = file.endsWith(".jsonl") ? file.substring(0, file.length() - ".jsonl".length()) : file;
        this.retention = retention;
    }

    public Path live() {
        return live;
    }

    Path segmentsDir() {
        return live.toAbsolutePath().getParent().resolve(SEGMENTS);
    }

    /**
     * Appends the lines (forced to disk). A live file already past its size rolls first, so that the live file
     * always ends with the newest line. Returns the number of the segment it rolled into, or 0.
     */
    public int append(List<String> lines) throws IOException {
        int rolled = liveSize() >= retention.segmentBytes() ? roll() : 0;
        JsonLines.append(fs, live, lines);
        return rolled;
    }

    /**
     * As {@link #append}, but a roll only renames the live file: the segment stays plain (and readable) until
     * {@link #finishRolls} compresses it, so that an append never waits for a compression.
     */
    public int appendCompressingLater(List<String> lines) throws IOException {
        int rolled = liveSize() >= retention.segmentBytes() ? rename() : 0;
        JsonLines.append(fs, live, lines);
        return rolled;
    }

    /** The kept segments, oldest first: compressed, or plain while a compression is still to come. */
    public List<Path> segments() throws IOException {
        Path dir = segmentsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            TreeMap<Integer, Path> byNumber = new TreeMap<>();
            files.filter(p -> isOwnSegment(p) && !p.toString().endsWith(".tmp"))
                    .forEach(p ->
                            byNumber.merge(number(p), p, (a, b) -> a.toString().endsWith(".gz") ? a : b));
            List<Path> kept = List.copyOf(byNumber.values());
            keptSegments = kept.size();
            newestSegment = kept.isEmpty() ? 0 : number(kept.get(kept.size() - 1));
            return kept;
        }
    }

    /** The number of the newest segment as last listed or rolled (no I/O): a roll since shows as a change. */
    public int newestSegment() {
        return newestSegment;
    }

    /** The number of kept segments as last listed (no I/O). */
    public int keptSegments() {
        return keptSegments;
    }

    /** The number of the newest segment, 0 when the log never rolled. */
    public int lastSegment() throws IOException {
        List<Path> all = segments();
        return all.isEmpty() ? 0 : number(all.get(all.size() - 1));
    }

    public static int number(Path segment) {
        Matcher m = SEGMENT.matcher(segment.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }

    private boolean isOwnSegment(Path p) {
        Matcher m = SEGMENT.matcher(p.getFileName().toString());
        return m.matches() && m.group(1).equals(name);
    }

    /**
     * Closes the live file as the next segment: it is renamed (atomic) and then compressed, and segments beyond
     * the retention are removed. A crash in between leaves an uncompressed segment that {@link #finishRolls}
     * compresses at the next start.
     */
    int roll() throws IOException {
        int next = rename();
        compress(segmentsDir().resolve(plainName(next)));
        applyRetention();
        return next;
    }

    /** The live file renamed into the next segment, plain, with both directories forced. */
    private int rename() throws IOException {
        Path dir = segmentsDir();
        fs.createDirectories(dir);
        int next = Math.max(lastSegment(), lastUncompressed()) + 1;
        fs.rename(live, dir.resolve(plainName(next)));
        fs.forceDirectory(dir);
        // The live file's entry left its directory too: forced, so that a power loss cannot bring it back beside its
        // segment.
        fs.forceDirectory(live.toAbsolutePath().getParent());
        newestSegment = next;
        return next;
    }

    private String plainName(int number) {
        return String.format("%s.%06d.jsonl", name, number);
    }

    /**
     * Compresses the segments left plain (by a crash in a roll, or by {@link #appendCompressingLater}), then applies
     * the retention.
     */
    public void finishRolls() throws IOException {
        Path dir = segmentsDir();
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> plain;
        try (Stream<Path> files = Files.list(dir)) {
            plain = files.filter(p -> isOwnSegment(p) && p.toString().endsWith(".jsonl"))
                    .sorted()
                    .toList();
        }
        for (Path segment : plain) {
            compress(segment);
        }
        if (!plain.isEmpty()) {
            applyRetention();
        }
    }

    private int lastUncompressed() throws IOException {
        Path dir = segmentsDir();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> isOwnSegment(p) && p.toString().endsWith(".jsonl"))
                    .mapToInt(SegmentedLog::number)
                    .max()
                    .orElse(0);
        }
    }

    private void compress(Path plain) throws IOException {
        Path gz = plain.resolveSibling(plain.getFileName() + ".gz");
        Path temp = plain.resolveSibling(plain.getFileName() + ".gz.tmp");
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(plain);
                OutputStream out = new GZIPOutputStream(packed, 64 * 1024) {
                    {
                        def.setLevel(Deflater.BEST_SPEED);
                    }
                }) {
            in.transferTo(out);
        }
        fs.write(temp, packed.toByteArray());
        fs.force(temp);
        fs.rename(temp, gz);
        fs.forceDirectory(gz.getParent());
        // Only once the compressed segment is durable does the plain one go.
        fs.delete(plain);
        fs.forceDirectory(gz.getParent());
    }

    private void applyRetention() throws IOException {
        List<Path> kept = segments();
        for (int i = 0; i < kept.size() - retention.retainSegments(); i++) {
            fs.delete(kept.get(i));
        }
    }

    /** The last lines of the live file, oldest first, and whether its last line is torn. */
    public record Tail(List<JsonObject> lines, boolean torn) {}

    /** Up to {@code max} complete lines from the end of the live file, read backwards: cost bounded by {@code max}. */
    public Tail tail(int max) throws IOException {
        return LogFileReads.tail(live, max);
    }

    /** A complete line of the live file and where it starts. */
    public record Line(long offset, JsonObject json) {}

    /** The complete lines of the live file from {@code offset} on (a torn tail is left out). */
    public List<Line> readFrom(long offset) throws IOException {
        return LogFileReads.readFrom(live, offset);
    }

    /** Every complete line of a segment, in order (a replay of what rolled after a checkpoint). */
    public static List<JsonObject> readSegment(Path segment) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        LogFileReads.stream(segment, out::add);
        return out;
    }

    public long liveSize() throws IOException {
        return Files.exists(live) ? Files.size(live) : 0;
    }

    /** Cuts the live file back to {@code length} bytes, forced to disk: the lines of a cycle that never committed. */
    public void truncate(long length) throws IOException {
        fs.truncate(live, length);
        fs.force(live);
    }

    /**
     * Keeps, of the live file's lines from {@code offset} on, only those {@code kept} accepts, replacing the file
     * atomically ({@link JsonLines#keepFrom}).
     */
    public void keepFrom(long offset, Predicate<JsonObject> kept) throws IOException {
        JsonLines.keepFrom(fs, live, offset, kept);
    }

    /** Streams every line of every kept segment and then of the live file, in order, with memory flat in their size. */
    public void forEach(Consumer<JsonObject> each) throws IOException {
        for (Path segment : segments()) {
            try {
                LogFileReads.stream(segment, each);
            } catch (NoSuchFileException e) {
                // A plain segment listed a moment ago was compressed since (an open file stays readable).
                LogFileReads.stream(segment.resolveSibling(segment.getFileName() + ".gz"), each);
            }
        }
        if (Files.exists(live)) {
            LogFileReads.stream(live, each);
        }
    }
}
