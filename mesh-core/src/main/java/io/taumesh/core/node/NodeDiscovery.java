package io.taumesh.core.node;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.taumesh.core.files.AtomicFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * How a command on this host reaches a running node without joining its cluster: each node process keeps
 * {@code <dir>/node-<pid>.json} (0600, in a 0700 dir) with its ops URL and ops token while it runs. A file left
 * by a process that died is passed over by readers and removed by the next node that starts.
 */
public final class NodeDiscovery {

    public static final String DEFAULT_DIR = ".tau/nodes";
    static final int SCHEMA_VERSION = 1;
    private static final Logger LOG = Logger.getLogger(NodeDiscovery.class.getName());
    private static final JsonFactory JSON = new JsonFactory();

    /** What a node says of itself. */
    public record Entry(
            int schemaVersion,
            long pid,
            String startedAt,
            String clusterName,
            String nodeId,
            String opsUrl,
            String opsToken,
            List<String> services) {

        JsonObject toJson() {
            return new JsonObject()
                    .put("schema_version", schemaVersion)
                    .put("pid", pid)
                    .put("started_at", startedAt)
                    .put("cluster_name", clusterName)
                    .put("node_id", nodeId)
                    .put("ops_url", opsUrl)
                    .put("ops_token", opsToken)
                    .put("services", new JsonArray(services));
        }

        /**
         * Read with Jackson's streaming parser alone: the object mapper's start-up would be most of the time of a
         * command that reads this file. Fields it does not know are passed over.
         */
        static Entry parse(String text) throws IOException {
            Map<String, Object> fields = new HashMap<>();
            List<String> services = new ArrayList<>();
            try (JsonParser parser = JSON.createParser(text)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not a JSON object");
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals("services") && value == JsonToken.START_ARRAY) {
                        while (parser.nextToken() == JsonToken.VALUE_STRING) {
                            services.add(parser.getText());
                        }
                    } else if (value == JsonToken.VALUE_NUMBER_INT) {
                        fields.put(name, parser.getLongValue());
                    } else if (value == JsonToken.VALUE_STRING) {
                        fields.put(name, parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
            }
            return new Entry(
                    ((Number) fields.getOrDefault("schema_version", 0L)).intValue(),
                    ((Number) fields.getOrDefault("pid", -1L)).longValue(),
                    (String) fields.getOrDefault("started_at", ""),
                    (String) fields.get("cluster_name"),
                    (String) fields.get("node_id"),
                    (String) fields.get("ops_url"),
                    (String) fields.get("ops_token"),
                    services);
        }

        /** Without the token: entries end up in logs. */
        @Override
        public String toString() {
            return "node " + nodeId + " (pid " + pid + ", cluster " + clusterName + ", " + opsUrl + ", " + services
                    + ")";
        }
    }

    private NodeDiscovery() {}

    static Path fileOf(Path dir, long pid) {
        return dir.resolve("node-" + pid + ".json");
    }

    /** Blocking. Writes this process's entry atomically, after removing the entries of processes that are gone. */
    static void write(Path dir, Entry entry) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            try {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // Another node of this host made it first.
            }
        }
        for (Path stale : files(dir)) {
            Long pid = pidOf(stale);
            if (pid != null && pid != entry.pid() && !alive(pid)) {
                Files.deleteIfExists(stale);
            }
        }
        // It holds the ops token: 0600 from the temp file's creation, which the rename keeps.
        AtomicFiles.writeOwnerOnly(
                fileOf(dir, entry.pid()), entry.toJson().encode().getBytes(StandardCharsets.UTF_8));
    }

    /** Blocking. Removes this process's entry. */
    static void remove(Path dir, long pid) {
        try {
            Files.deleteIfExists(fileOf(dir, pid));
        } catch (IOException e) {
            LOG.warning(() -> "cannot remove " + fileOf(dir, pid) + ": " + e.getMessage());
        }
    }

    /**
     * Blocking. The entries of live node processes in the named cluster, those hosting {@code preferred} first, then
     * the newest first. An unreadable entry is passed over.
     */
    public static List<Entry> live(Path dir, String clusterName, String preferred) {
        List<Entry> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        for (Path file : files(dir)) {
            Long pid = pidOf(file);
            if (pid == null || !alive(pid)) {
                continue;
            }
            try {
                Entry entry = Entry.parse(Files.readString(file, StandardCharsets.UTF_8));
                if (entry.schemaVersion() == SCHEMA_VERSION
                        && entry.pid() == pid
                        && clusterName.equals(entry.clusterName())
                        && entry.opsUrl() != null) {
                    found.add(entry);
                }
            } catch (IOException | RuntimeException e) {
                // Written by another version, or being replaced: not this reader's to use.
            }
        }
        found.sort(Comparator.<Entry, Boolean>comparing(e -> !e.services().contains(preferred))
                .thenComparing(Entry::startedAt, Comparator.reverseOrder()));
        return found;
    }

    private static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "node-*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            LOG.fine(() -> dir + " cannot be listed: " + e.getMessage());
        }
        return files;
    }

    private static Long pidOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring("node-".length(), name.length() - ".json".length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
