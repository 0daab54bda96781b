package io.taumesh.core.runner.engine;

/**
 * A record from outside a cycle refused before it was numbered, because {@link OutsideRecords#LIMIT} records
 * already wait for the disk: nothing of it was kept, and the sender may try again after a short pause.
 */
public final class BacklogFull extends RuntimeException {

    /** How long a sender should wait before trying again, in seconds (a {@code Retry-After}). */
    public static final int RETRY_AFTER_SECONDS = 1;

    BacklogFull(String runtime, int waiting) {
        super("the " + runtime + " runner has " + waiting + " records waiting to be written (at most "
                + OutsideRecords.LIMIT + "); nothing was recorded, try again in " + RETRY_AFTER_SECONDS + " s");
    }
}
