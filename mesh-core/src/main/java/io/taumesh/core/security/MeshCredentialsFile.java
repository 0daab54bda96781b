package io.taumesh.core.security;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.AtomicFiles;
import io.taumesh.core.files.StateFs;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where a mesh keeps its credentials, and the rules for reading them. Two forms:
 * <ul>
 *   <li>a directory of the mesh's owner ({@code .tau/credentials} by default), made 0700 with {@code credentials.json}
 *   0600 in it at the mesh's first start; every node of the mesh started by that user finds it with no flag. Neither
 *   may be open to other users: a start refuses them, naming the path.</li>
 *   <li>a file given to the node (a container's or a pod's secret), read as it is and never written.</li>
 * </ul>
 * A directory that exists without its file is an error, not a reason to make new credentials: the mesh ran with
 * credentials before, and its running nodes hold them.
 */
public final class MeshCredentialsFile {

    public static final String FILE_NAME = "credentials.json";
    public static final Path DEFAULT_DIR = Path.of(".tau", "credentials");

    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private final boolean owned;

    private MeshCredentialsFile(Path file, boolean owned) {
        this.file = file;
        this.owned = owned;
    }

    /** The credentials at {@code path}: a file as it is, else the directory that holds (or will hold) them. */
    public static MeshCredentialsFile at(Path path) {
        if (Files.isRegularFile(path)) {
            return new MeshCredentialsFile(path.toAbsolutePath(), false);
        }
        return new MeshCredentialsFile(path.toAbsolutePath().resolve(FILE_NAME), true);
    }

    public Path file() {
        return file;
    }

    /** The directory that holds the file (the credentials dir when the mesh owns it). */
    private Path directory() {
        return Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file has a directory");
    }

    /** When the file last changed, for a node that watches it for a rotation; null while it is missing. Blocking. */
    public @Nullable FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads the credentials, making them first at the mesh's first start (the directory does not exist yet). Blocking. */
    public MeshCredentials loadOrCreate() {
        return loadOrCreate(MeshCredentials::fresh);
    }

    /** As {@link #loadOrCreate()}, with the credentials a first start would make (tests race many nodes cheaply). */
    MeshCredentials loadOrCreate(Supplier<MeshCredentials> fresh) {
        Path dir = directory();
        if (!owned || Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return load();
        }
        try {
            make(dir, fresh);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the mesh's credentials in " + dir + ": " + e.getMessage(), e);
        }
        return load();
    }

    /**
     * Makes the directory whole under another name and renames it into place, so that no node ever finds the directory
     * without its file. Nodes started together each make their own; the first rename wins, the others fail on a
     * directory that is no longer empty and read the winner's.
     */
    private void make(Path dir, Supplier<MeshCredentials> fresh) throws IOException {
        Path parent = Objects.requireNonNull(dir.getParent(), "a credentials dir has a parent");
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(
                parent,
                "." + dir.getFileName() + ".",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staged = staging.resolve(FILE_NAME);
        try {
            AtomicFiles.writeOwnerOnly(
                    staged, MeshJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(fresh.get()));
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            StateFs.DISK.forceDirectory(parent);
        } catch (FileSystemException raced) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw raced;
            }
            // Another node placed its credentials first: they are the mesh's.
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(staging);
        }
    }

    /** Reads the credentials; a missing, unreadable, open or malformed file is an error that names it. Blocking. */
    public MeshCredentials load() {
        if (owned) {
            refuseOpen(directory(), "directory");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("mesh credentials " + file + " are missing"
                    + (owned
                            ? " (the directory exists, so "
                                    + "this mesh ran with credentials before): restore the file, or remove "
                                    + file.getParent() + " to give the mesh "
                                    + "new credentials (every running node of it must then restart)"
                            : ""));
        } catch (AccessDeniedException e) {
            throw new IllegalStateException(
                    "mesh credentials " + file + " cannot be read by this user: they belong to the mesh's "
                            + "owner (run as that user, or give --mesh-credentials)");
        } catch (IOException e) {
            throw new IllegalStateException("mesh credentials " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (owned) {
            refuseOpen(file, "file");
        }
        try {
            return MeshJson.mapper().readValue(bytes, MeshCredentials.class);
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException bad ? bad : e;
            throw new IllegalStateException(
                    "mesh credentials " + file + ": "
                            + (cause.getMessage() == null
                                    ? e.getOriginalMessage()
                                    : cause.getMessage().split("\n")[0]),
                    e);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "mesh credentials " + file + ": not JSON: "
                            + String.valueOf(e.getMessage()).split("\n")[0],
                    e);
        }
    }

    /** Writes them whole, atomically, readable by the owner only. Blocking. */
    public void write(MeshCredentials credentials) throws IOException {
        if (!owned) {
            throw new IOException(
                    "mesh credentials " + file + " were given as a file: they change where they were made");
        }
        AtomicFiles.writeOwnerOnly(
                file, MeshJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(credentials));
    }

    private static void refuseOpen(Path path, String what) {
        try {
            Set<PosixFilePermission> open = Files.getPosixFilePermissions(path);
            open.retainAll(OPEN_TO_OTHERS);
            if (!open.isEmpty()) {
                throw new IllegalStateException(
                        "mesh credentials " + what + " " + path + " is open to other users (mode "
                                + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + "): chmod "
                                + (what.equals("file") ? "600" : "700")
                                + " " + path);
            }
        } catch (NoSuchFileException e) {
            // Reported by the read.
        } catch (IOException | UnsupportedOperationException e) {
            // A file system without POSIX modes: nothing to check.
        }
    }
}
