package io.taumesh.core.bus;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The answers given to the last {@code capacity} idempotency keys, oldest forgotten first: what lets a service answer
 * a retried request with its first answer instead of applying it again. Use from one thread (a verticle's context).
 */
public final class RememberedAnswers<V> {

    private final Map<String, V> answers;

    public RememberedAnswers(int capacity) {
        this.answers = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The answer given to {@code key}, or null when none is remembered. */
    public @Nullable V get(@Nullable String key) {
        return key == null ? null : answers.get(key);
    }

    public void put(String key, V answer) {
        answers.put(key, answer);
    }
}
