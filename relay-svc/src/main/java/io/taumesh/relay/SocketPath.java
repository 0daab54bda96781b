package io.taumesh.relay;

import io.taumesh.core.contract.FieldError;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The relay's socket path. A socket file left by a dead relay is replaced; one a live process still
 * listens on is a configuration error naming {@code field_path="dashboard.path"}. The socket is bound in
 * a private directory (0700), made 0600, then moved into place, so that nobody else can connect in between;
 * a directory the path needs is created 0700.
 */
public final class SocketPath {

    /** Another live process holds the path. */
    static final class InUse extends Exception {
        InUse(Path path) {
            super(new FieldError(
                            "dashboard.path",
                            path + " is held by a live process (another relay?); "
                                    + "stop it or choose another --dashboard-path")
                    .asFieldPath());
        }
    }

    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private SocketPath() {}

    /** Blocking. Whether a live process listens on {@code path} (a file left by a dead relay does not count). */
    public static boolean listening(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Blocking. Clears a stale socket file at {@code path}; fails if a live process listens there. */
    static void claim(Path path) throws IOException, InUse {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                // A directory the relay makes for its socket is its own: 0700, so that only this user can reach in.
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                Files.setPosixFilePermissions(parent, PRIVATE_DIR);
            }
            return;
        }
        if (listening(path)) {
            throw new InUse(path);
        }
        // Nobody listens: a socket left by a relay that died. Replace it.
        Files.deleteIfExists(path);
    }

    /** A private directory (0700) to bind in before the socket is moved to its real path. */
    static Path privateDir(Path path) throws IOException {
        return Files.createTempDirectory(
                path.toAbsolutePath().getParent(), ".tau-relay-", PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    }

    /** Makes the bound socket 0600 and moves it from its private directory to {@code path}. */
    static void publish(Path bound, Path path) throws IOException {
        Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
        Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(bound.getParent());
    }
}
