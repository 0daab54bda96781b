package io.taumesh.core.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The file operations through which a runner's state reaches the disk: every write path of a state dir
 * ({@link AtomicFiles}, the JSON-lines logs and their segments, the channel store, the checkpoint and the case
 * index) goes through one of these, so that a test can stop the sequence after any one of them, as a crash
 * would, and check what the next start makes of it. Reads go to the file system directly. Blocking throughout.
 *
 * <p>What is durable after which call is part of the contract: data after {@link #force} of its file; a
 * created, renamed or deleted directory entry after {@link #forceDirectory} of the directory it is in (a
 * rename: of the target's directory). {@link #createDirectories} is durable when it returns.
 */
public interface StateFs {

    /** The real file system. */
    StateFs DISK = new DiskStateFs();

    /** Creates the directory and its missing parents, each made durable in its parent. */
    void createDirectories(Path dir) throws IOException;

    /** Creates or empties {@code file} and writes {@code bytes} into it (not forced). */
    void write(Path file, byte[] bytes) throws IOException;

    /** Appends {@code bytes} to {@code file}, creating it when missing (not forced). */
    void append(Path file, byte[] bytes) throws IOException;

    /** Forces the file's data and length to the disk. */
    void force(Path file) throws IOException;

    /** Cuts {@code file} to {@code length} bytes (not forced). */
    void truncate(Path file, long length) throws IOException;

    /** Renames {@code from} to {@code to} atomically, replacing {@code to}. */
    void rename(Path from, Path to) throws IOException;

    /** Forces a directory's entries (files created, renamed into or deleted from it) to the disk. */
    void forceDirectory(Path dir) throws IOException;

    /** Deletes {@code file} if it exists. */
    void delete(Path file) throws IOException;
}
