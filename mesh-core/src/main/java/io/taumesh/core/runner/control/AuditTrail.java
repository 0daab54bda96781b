package io.taumesh.core.runner.control;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.audit.AuditPage;
import io.taumesh.core.audit.RefusedAction;
import io.taumesh.core.bus.Addresses;
import io.taumesh.core.bus.MeshBus;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.bus.MeshService;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.storage.LogRetention;
import io.taumesh.core.runner.storage.SegmentedLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * A service's audit trail: {@code audit.jsonl} in its state dir, one {@link AuditEntry} per line, appended and
 * forced before the answer it records goes out, so that an answered action is on disk; a line torn by a crash is
 * cut at the next write. Rolls into compressed segments like the runtime events (4 MiB, 16 kept). Each entry is
 * then published on {@code tau.audit}; {@code tau.<service>.audit} answers the newest entries. Use it from one
 * Vert.x context: its writes are ordered on that context's blocking queue.
 */
public final class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    public static final String FILE = "audit.jsonl";
    /** The most entries one query answers. */
    public static final int MAX_QUERY = 1_000;

    static final int DEFAULT_QUERY = 200;
    static final LogRetention RETENTION = new LogRetention(4L * 1024 * 1024, 16);

    private final Vertx vertx;
    private final MeshService service;
    private final String nodeId;
    private final SegmentedLog log;
    private long lastSeq;

    private AuditTrail(Vertx vertx, MeshService service, String nodeId, SegmentedLog log) {
        this.vertx = vertx;
        this.service = service;
        this.nodeId = nodeId;
        this.log = log;
    }

    /** Opens (creating) the trail in {@code dir}, numbering on from its last entry. */
    public static Future<AuditTrail> open(Vertx vertx, Path dir, MeshService service, String nodeId) {
        AuditTrail trail = new AuditTrail(vertx, service, nodeId, new SegmentedLog(dir.resolve(FILE), RETENTION));
        return vertx.executeBlocking(() -> {
            Files.createDirectories(dir);
            trail.log.finishRolls();
            trail.lastSeq = trail.lastWrittenSeq();
            return trail;
        });
    }

    public Path file() {
        return log.live();
    }

    /** Writes an entry (forced), then publishes it; fails only when it could not be written. */
    public Future<AuditEntry> record(AuditEntry.Action action, AuditEntry.Outcome outcome, AuditEntry.Source source) {
        AuditEntry entry = new AuditEntry(
                MeshMessage.SCHEMA_VERSION,
                ++lastSeq,
                Instant.now().toString(),
                service.id(),
                nodeId,
                action,
                outcome,
                source);
        String line = MeshJson.toJsonString(entry);
        return vertx.executeBlocking(() -> {
                    log.append(List.of(line));
                    return entry;
                })
                .onSuccess(written -> vertx.eventBus().publish(Addresses.AUDIT, MeshJson.toJson(written)))
                .onFailure(err -> LOG.severe(() ->
                        service.id() + " could not write its audit trail " + log.live() + ": " + err.getMessage()));
    }

    /** Up to {@code limit} of the newest entries, oldest first (entries in older segments are not read). */
    public Future<List<AuditEntry>> recent(int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_QUERY));
        return vertx.executeBlocking(() -> parsed(log.tail(bounded).lines()));
    }

    /**
     * Serves {@code tau.<service>.audit}: {@code {"limit": n}} answers {@link AuditPage} of the newest entries; {@code
     * {"refused": {...}}} records an action an entrance refused before it reached this service ({@link RefusedAction}).
     */
    public Future<Void> serve() {
        return vertx.eventBus()
                .<Object>consumer(Addresses.audit(service), this::answer)
                .completion();
    }

    private void answer(Message<Object> msg) {
        JsonObject body = msg.body() instanceof JsonObject json ? json : new JsonObject();
        if (body.getValue("refused") instanceof JsonObject refused) {
            RefusedAction refusal;
            try {
                refusal = MeshJson.bind(refused, RefusedAction.class);
            } catch (FieldError e) {
                msg.fail(400, e.under("refused").field() + ": " + e.reason());
                return;
            }
            record(
                            refusal.action(),
                            new AuditEntry.Outcome(AuditEntry.REFUSED, refusal.reason(), false, null),
                            refusal.source())
                    .onSuccess(entry -> MeshBus.reply(msg, entry))
                    .onFailure(err -> msg.fail(500, "audit trail not written: " + err.getMessage()));
            return;
        }
        Object limit = body.getValue("limit", DEFAULT_QUERY);
        if (!(limit instanceof Integer n) || n < 1 || n > MAX_QUERY) {
            msg.fail(400, "limit: must be an integer from 1 to " + MAX_QUERY + ", got " + limit);
            return;
        }
        recent(n)
                .onSuccess(entries -> MeshBus.reply(msg, new AuditPage(service.id(), entries)))
                .onFailure(err -> msg.fail(500, "audit trail not read: " + err.getMessage()));
    }

    private long lastWrittenSeq() throws IOException {
        List<AuditEntry> tail = parsed(log.tail(1).lines());
        if (!tail.isEmpty()) {
            return tail.get(0).seq();
        }
        // Just rolled: the newest entry is the last line of the newest segment.
        List<Path> segments = log.segments();
        if (segments.isEmpty()) {
            return 0;
        }
        List<AuditEntry> last = parsed(SegmentedLog.readSegment(segments.get(segments.size() - 1)));
        return last.isEmpty() ? 0 : last.get(last.size() - 1).seq();
    }

    private List<AuditEntry> parsed(List<JsonObject> lines) {
        List<AuditEntry> entries = new ArrayList<>(lines.size());
        for (JsonObject line : lines) {
            try {
                entries.add(MeshJson.fromJson(line, AuditEntry.class));
            } catch (FieldError e) {
                LOG.warning(() -> "skipping an audit line it cannot read in " + log.live() + ": " + e.asFieldPath());
            }
        }
        return entries;
    }
}
