package io.taumesh.core.files;

import java.nio.file.Path;

/** A process that takes a state dir and holds it until killed: the other owner in {@link StateDirLockTest}. */
public final class LockHolderMain {

    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        StateDirLock lock = StateDirLock.acquire(Path.of(args[0]), "lock holder");
        System.out.println("holding " + lock.dir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
