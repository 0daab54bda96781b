package io.taumesh.core.runner;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.files.AtomicFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A runtime's state dir: {@code state.json} (whole, atomic), {@code runtime-events.jsonl} (append-only)
 * and the channel store. {@code state.json} is the commit point of a cycle: outputs are written before it,
 * the event line after it, and {@link #recover} repairs what a crash between them left. Blocking throughout.
 */
public final class StateStore {

  public static final String STATE = "state.json";
  public static final String EVENTS = "runtime-events.jsonl";

  private final Path dir;
  private final String runtime;
  private final ChannelStore channels;

  public StateStore(Path dir, String runtime) {
    this.dir = dir;
    this.runtime = runtime;
    this.channels = new ChannelStore(dir, runtime);
  }

  public Path dir() {
    return dir;
  }

  public Path statePath() {
    return dir.resolve(STATE);
  }

  public Path eventsPath() {
    return dir.resolve(EVENTS);
  }

  public ChannelStore channels() {
    return channels;
  }

  /** The stored state, or empty when no cycle has been committed here. */
  public Optional<RunnerState> loadState() throws StateException {
    String text;
    try {
      text = Files.readString(statePath(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateException(statePath() + " cannot be read: " + e.getMessage(), e);
    }
    RunnerState state;
    try {
      state = MeshJson.fromJson(new JsonObject(text), RunnerState.class);
    } catch (DecodeException | ClassCastException e) {
      throw new StateException(statePath() + " is corrupt: not a JSON object", e);
    } catch (FieldError e) {
      throw new StateException(statePath() + " is corrupt: " + e.getMessage(), e);
    }
    if (!runtime.equals(state.runtime())) {
      throw new StateException(statePath() + " belongs to the '" + state.runtime() + "' runtime, not '" + runtime + "'");
    }
    return Optional.of(state);
  }

  /** Commits a cycle: outputs, then the state (the commit point), then the event line. */
  public void commit(java.util.Map<String, List<OutputRecord>> outputs, RunnerState state, CycleReport report) throws IOException {
    channels.append(outputs);
    writeState(state);
    JsonLines.append(eventsPath(), List.of(MeshJson.toJsonString(report)));
  }

  public void writeState(RunnerState state) throws IOException {
    AtomicFiles.write(statePath(), MeshJson.toJsonString(state).getBytes(StandardCharsets.UTF_8));
  }

  /** The event log as read: cycle reports, plus what could not be read (a torn last line, invalid lines). */
  public record Events(List<CycleReport> reports, boolean tornTail, List<Integer> invalidLines) {
  }

  public Events readEvents() throws StateException {
    JsonLines.Read read;
    try {
      read = JsonLines.read(eventsPath());
    } catch (IOException e) {
      throw new StateException(eventsPath() + " cannot be read: " + e.getMessage(), e);
    }
    List<CycleReport> reports = new ArrayList<>(read.objects().size());
    List<Integer> invalid = new ArrayList<>(read.invalidLines());
    int index = 0;
    for (JsonObject line : read.objects()) {
      index++;
      try {
        reports.add(MeshJson.fromJson(line, CycleReport.class));
      } catch (FieldError e) {
        invalid.add(index);
      }
    }
    return new Events(reports, read.tornTail(), invalid);
  }

  /**
   * Makes the files agree with {@code state.json} after a crash: cuts a torn event line, and appends the
   * last committed cycle's event line if the crash came before it was written.
   */
  public void recover(RunnerState state) throws IOException, StateException {
    JsonLines.cutTornTail(eventsPath());
    if (state.lastCycle() == null) {
      return;
    }
    List<CycleReport> reports = readEvents().reports();
    long lastLogged = reports.isEmpty() ? 0 : reports.get(reports.size() - 1).cycleId();
    if (lastLogged < state.cycleCount()) {
      JsonLines.append(eventsPath(), List.of(MeshJson.toJsonString(state.lastCycle())));
    }
  }
}
