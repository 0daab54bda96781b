package io.taumesh.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/** Drives round trips on one event loop: one at a time for latency, or a window in flight for throughput. */
final class Measure {

    private Measure() {}

    /** Up to {@code count} round trips one after another, stopping early at the deadline. */
    static Future<Void> sequential(Context context, RoundTrip trip, int count, long deadlineNanos, Latencies into) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> new Object() {
            int sent;
            long startedAt;

            void next() {
                if (sent >= count || System.nanoTime() > deadlineNanos) {
                    done.tryComplete();
                    return;
                }
                sent++;
                startedAt = System.nanoTime();
                trip.send(() -> {
                    if (into != null) {
                        into.add(System.nanoTime() - startedAt);
                    }
                    next();
                });
            }
        }.next());
        return done.future();
    }

    /** Messages per second with {@code window} in flight, over up to {@code total} messages or until the deadline. */
    static Future<Double> pipelined(Context context, RoundTrip trip, int total, int window, long deadlineNanos) {
        Promise<Double> done = Promise.promise();
        context.runOnContext(v -> new Object() {
            final long start = System.nanoTime();
            int sent;
            int received;

            void fill() {
                while (sent - received < window && sent < total && System.nanoTime() < deadlineNanos) {
                    sent++;
                    trip.send(this::onReply);
                }
            }

            void onReply() {
                received++;
                fill();
                if (received == sent) {
                    done.tryComplete(received / ((System.nanoTime() - start) / 1e9));
                }
            }
        }.fill());
        return done.future();
    }
}
