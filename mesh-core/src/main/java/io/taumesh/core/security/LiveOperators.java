package io.taumesh.core.security;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * An entrance's operators as the operators file says now: read at start (a bad file stops the start; one not made
 * yet names nobody until it is), then looked at
 * every {@link #CHECK_EVERY_MS} ms off the event loop and read again when it changed, so that an operator added,
 * removed or given a new role counts within seconds without a restart. A file that turns bad keeps the operators read
 * before, with a warning naming the field.
 */
public final class LiveOperators implements Supplier<OperatorBook> {

    public static final long CHECK_EVERY_MS = 2_000;
    private static final Logger LOG = Logger.getLogger(LiveOperators.class.getName());

    private record Stamp(long modifiedMs, long size) {}

    private final Vertx vertx;
    private final OperatorBook token;
    private final @Nullable Path file;
    private final String who;
    private volatile OperatorBook book;
    private @Nullable Stamp seen;
    private long timer = -1;

    private LiveOperators(Vertx vertx, OperatorBook token, @Nullable Path file, String who) {
        this.vertx = vertx;
        this.token = token;
        this.file = file;
        this.who = who;
        this.book = token;
    }

    /** The token's book, and the operators of {@code file} when one is given; {@code who} names the entrance in logs. */
    public static Future<LiveOperators> start(Vertx vertx, OperatorBook token, @Nullable Path file, String who) {
        LiveOperators live = new LiveOperators(vertx, token, file, who);
        if (file == null) {
            return Future.succeededFuture(live);
        }
        return vertx.executeBlocking(live::read).map(book -> {
            live.book = book;
            System.out.println(who + ": " + book.named() + " named operator(s) from " + file + " may sign in"
                    + (live.seen == null ? " (no such file yet: it counts once made)" : ""));
            live.timer = vertx.setPeriodic(CHECK_EVERY_MS, id -> live.check());
            return live;
        });
    }

    @Override
    public OperatorBook get() {
        return book;
    }

    /** Ends the watch; its owner calls this as it stops, before the node's workers close. */
    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private OperatorBook read() throws IOException {
        Path path = Objects.requireNonNull(file);
        seen = stamp(path);
        // Not made yet (the mesh started before its first --operator-add): nobody is named until it is.
        return seen == null ? token.with(List.of()) : token.with(OperatorsFile.load(path));
    }

    private void check() {
        Path path = Objects.requireNonNull(file);
        Future<@Nullable OperatorBook> looked;
        try {
            looked = vertx.executeBlocking(() -> Objects.equals(stamp(path), seen) ? null : read());
        } catch (RejectedExecutionException closing) {
            // The node is closing and its workers are gone: a tick in that window has nobody left to let in.
            stop();
            return;
        }
        looked.onSuccess(changed -> {
                    if (changed != null) {
                        book = changed;
                        LOG.info(() -> who + ": the operators file " + path + " changed: " + changed.named()
                                + " named operator(s) may sign in");
                    }
                })
                .onFailure(err -> LOG.warning(() -> who + ": kept the operators read before: "
                        + (err instanceof FieldError f ? f.getMessage() : String.valueOf(err))));
    }

    private static @Nullable Stamp stamp(Path path) throws IOException {
        if (!Files.exists(path)) {
            return null;
        }
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size());
    }
}
