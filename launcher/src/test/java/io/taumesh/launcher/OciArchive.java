package io.taumesh.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An image as an OCI archive (an OCI image layout in a tar) read the way a runtime reads it: {@code index.json},
 * then the manifest, then the config and the layers. Only what a test asks for is kept in memory.
 */
final class OciArchive {

    /** A file in one of the image's layers: its mode bits and, for a small file, its content. */
    record LayerFile(String path, int mode, long size, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final int SMALL = 1 << 20;

    private final Path archive;
    private final Map<String, byte[]> smallEntries;

    private OciArchive(Path archive, Map<String, byte[]> smallEntries) {
        this.archive = archive;
        this.smallEntries = smallEntries;
    }

    static OciArchive read(Path archive) throws IOException {
        Map<String, byte[]> small = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            Tar.each(in, (name, mode, size, data) -> {
                if (size <= SMALL) {
                    small.put(name, data.readAllBytes());
                }
            });
        }
        return new OciArchive(archive, small);
    }

    boolean hasLayout() {
        return smallEntries.containsKey("oci-layout") && smallEntries.containsKey("index.json");
    }

    JsonObject index() {
        return json("index.json");
    }

    JsonObject manifest() {
        JsonArray manifests = index().getJsonArray("manifests");
        return blob(manifests.getJsonObject(0).getString("digest"));
    }

    /** The image configuration: {@code config} (entrypoint, user, env, ports, labels) and {@code rootfs}. */
    JsonObject config() {
        return blob(manifest().getJsonObject("config").getString("digest"));
    }

    /** The value of {@code NAME} in the config's {@code Env}, or null. */
    String env(String name) {
        JsonArray env = config().getJsonObject("config").getJsonArray("Env", new JsonArray());
        return env.stream()
                .map(Object::toString)
                .filter(e -> e.startsWith(name + "="))
                .map(e -> e.substring(name.length() + 1))
                .findFirst()
                .orElse(null);
    }

    List<String> entrypoint() {
        return config().getJsonObject("config").getJsonArray("Entrypoint").stream()
                .map(Object::toString)
                .toList();
    }

    /** The files of every layer whose path (without a leading {@code ./} or {@code /}) matches. */
    Map<String, LayerFile> layerFiles(Predicate<String> wanted) throws IOException {
        List<String> layers = manifest().getJsonArray("layers").stream()
                .map(l -> ((JsonObject) l).getString("digest"))
                .toList();
        Map<String, LayerFile> found = new LinkedHashMap<>();
        for (String layer : layers) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
                Tar.each(in, (name, mode, size, data) -> {
                    if (!name.equals(blobPath(layer))) {
                        return;
                    }
                    Tar.each(new GZIPInputStream(data, 1 << 16), (file, fileMode, fileSize, content) -> {
                        String path = file.replaceFirst("^\\./", "").replaceFirst("^/", "");
                        if (wanted.test(path)) {
                            found.put(
                                    path,
                                    new LayerFile(
                                            path,
                                            fileMode,
                                            fileSize,
                                            fileSize <= SMALL ? content.readAllBytes() : new byte[0]));
                        }
                    });
                });
            }
        }
        return found;
    }

    private JsonObject blob(String digest) {
        return json(blobPath(digest));
    }

    private static String blobPath(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private JsonObject json(String entry) {
        byte[] bytes = smallEntries.get(entry);
        if (bytes == null) {
            throw new IllegalStateException(archive + " has no " + entry);
        }
        return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Just enough of the tar format for image archives: ustar headers, GNU long names and PAX paths. */
    static final class Tar {

        interface Entry {
            void accept(String name, int mode, long size, InputStream data) throws IOException;
        }

        static void each(InputStream in, Entry entry) throws IOException {
            byte[] header = new byte[512];
            String longName = null;
            while (true) {
                if (!readFully(in, header)) {
                    return;
                }
                if (isZero(header)) {
                    return;
                }
                String name = longName != null
                        ? longName
                        : field(header, 345, 155).isEmpty()
                                ? field(header, 0, 100)
                                : field(header, 345, 155) + "/" + field(header, 0, 100);
                longName = null;
                int mode = (int) octal(header, 100, 8);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                byte[] content = null;
                InputStream data;
                if (type == 'L' || type == 'x') {
                    content = new byte[(int) size];
                    readFully(in, content);
                    data = null;
                } else {
                    data = new Bounded(in, size);
                }
                if (type == 'L') {
                    longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                } else if (type == 'x') {
                    longName = paxPath(new String(content, StandardCharsets.UTF_8));
                } else if (type == '0' || type == '\0') {
                    entry.accept(name, mode, size, data);
                }
                if (data != null) {
                    data.skip(Long.MAX_VALUE);
                }
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
            }
        }

        private static String paxPath(String records) {
            for (String line : records.split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0 && line.startsWith("path=", space + 1)) {
                    return line.substring(space + 1 + "path=".length());
                }
            }
            return null;
        }

        private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
            int read = in.readNBytes(buffer, 0, buffer.length);
            if (read == 0) {
                return false;
            }
            if (read < buffer.length) {
                throw new EOFException("truncated tar");
            }
            return true;
        }

        private static boolean isZero(byte[] block) {
            for (byte b : block) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String field(byte[] header, int offset, int length) {
            int end = offset;
            while (end < offset + length && header[end] != 0) {
                end++;
            }
            return new String(header, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static long octal(byte[] header, int offset, int length) {
            String text = field(header, offset, length).trim();
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        }
    }

    /** At most {@code remaining} bytes of the underlying stream; closing it leaves the tar open. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            while (remaining > 0 && skipped < n) {
                long step = in.skip(Math.min(n - skipped, remaining));
                if (step <= 0) {
                    if (in.read() < 0) {
                        break;
                    }
                    step = 1;
                }
                remaining -= step;
                skipped += step;
            }
            return skipped;
        }

        @Override
        public void close() {}
    }
}
