package io.taumesh.core.runner.wire;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a runner could not write its state dir (a full disk, a read-only mount, lost permissions), as a status
 * reports it: {@code {"code": "state_dir_not_writable", "dir": ..., "reason": ...}}. The runner keeps what it
 * has and tries again at the next cycle, so that nothing is lost while the operator frees the dir.
 */
public record StorageFault(String code, String dir, String reason, String since) {

    /** The one code of a state dir the runner cannot write. */
    public static final String STATE_DIR_NOT_WRITABLE = "state_dir_not_writable";

    /** The fault behind {@code error} if it is an I/O failure, naming {@code dir}. */
    public static Optional<StorageFault> of(Path dir, Throwable error, String since) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException io && !(t.getCause() instanceof IOException)) {
                String reason = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
                if (io instanceof FileSystemException fse && fse.getReason() != null) {
                    reason = fse.getReason() + " (" + fse.getFile() + ")";
                }
                return Optional.of(new StorageFault(STATE_DIR_NOT_WRITABLE, dir.toString(), reason, since));
            }
        }
        return Optional.empty();
    }

    /** One line for an operator: the code, the dir and why. */
    public String describe() {
        return "state dir " + dir + " is not writable (" + code + "): " + reason;
    }
}
