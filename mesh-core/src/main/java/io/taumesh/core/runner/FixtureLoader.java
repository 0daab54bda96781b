package io.taumesh.core.runner;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates fixture files (docs/fixtures.md). A file that is wrong at the top level is refused
 * whole; a case that is wrong is kept as {@link FixtureEntry.Malformed} with the field and the reason,
 * and the other cases still run.
 */
public final class FixtureLoader {

  public static final int SCHEMA_VERSION = 1;
  public static final int MAX_TRANSIENT_FAILURES = 10;
  static final Pattern CASE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  /** Channel ids name directories of the channel store: no separators, no dot-only names. */
  static final Pattern CHANNEL_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}");
  private static final Set<String> TOP_LEVEL = Set.of("schema_version", "runtime", "name", "description", "cases");

  private final RuntimeProfile profile;
  private final Set<String> caseFields;

  public FixtureLoader(RuntimeProfile profile) {
    this.profile = profile;
    Set<String> fields = new LinkedHashSet<>(List.of("case_id", profile.channelField(), "expect", "simulate", "note"));
    fields.addAll(profile.processor().caseFields());
    this.caseFields = Set.copyOf(fields);
  }

  /** Blocking: reads the file. */
  public LoadedFixture load(Path path) throws FixtureException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new FixtureException(path, "file", "does not exist");
    } catch (IOException e) {
      throw new FixtureException(path, "cannot be read: " + e.getMessage(), e);
    }
    return parse(path, bytes);
  }

  public LoadedFixture parse(Path path, byte[] bytes) throws FixtureException {
    JsonObject root;
    try {
      root = new JsonObject(io.vertx.core.buffer.Buffer.buffer(bytes));
    } catch (DecodeException | ClassCastException e) {
      throw new FixtureException(path, "$", "is not a JSON object: " + firstLine(e.getMessage()));
    }
    Object version = root.getValue("schema_version");
    if (version == null) {
      throw new FixtureException(path, "schema_version", "is required");
    }
    if (!(version instanceof Integer v) || v != SCHEMA_VERSION) {
      throw new FixtureException(path, "schema_version", "unsupported value " + version + " (this build reads " + SCHEMA_VERSION + ")");
    }
    Object runtime = root.getValue("runtime");
    if (runtime != null && !profile.runtime().equals(runtime)) {
      throw new FixtureException(path, "runtime", "is '" + runtime + "' but this is the " + profile.runtime() + " runner");
    }
    for (String field : root.fieldNames()) {
      if (!TOP_LEVEL.contains(field)) {
        throw new FixtureException(path, field, "unknown field (known: " + String.join(", ", TOP_LEVEL) + ")");
      }
    }
    if (!(root.getValue("cases") instanceof JsonArray cases)) {
      throw new FixtureException(path, "cases", root.containsKey("cases") ? "must be an array" : "is required");
    }
    List<FixtureEntry> entries = new ArrayList<>(cases.size());
    String file = path.getFileName() == null ? path.toString() : path.getFileName().toString();
    for (int i = 0; i < cases.size(); i++) {
      entries.add(entry(file + "#" + i, "cases[" + i + "]", cases.getValue(i)));
    }
    Object name = root.getValue("name");
    return new LoadedFixture(path, sha256(bytes), name instanceof String s ? s : file, List.copyOf(entries));
  }

  private FixtureEntry entry(String origin, String at, Object value) {
    if (!(value instanceof JsonObject c)) {
      return new FixtureEntry.Malformed(origin, null, new FieldError(at, "must be an object"));
    }
    Object idValue = c.getValue("case_id");
    String caseId = idValue instanceof String s && CASE_ID.matcher(s).matches() ? s : null;
    Optional<FieldError> problem = commonProblem(at, c);
    if (problem.isEmpty()) {
      problem = profile.processor().validate(c).map(p -> p.under(at));
    }
    if (problem.isPresent()) {
      return new FixtureEntry.Malformed(origin, caseId, problem.get());
    }
    JsonObject expect = c.getJsonObject("expect");
    JsonObject simulate = c.getJsonObject("simulate");
    return new FixtureEntry.Valid(origin, caseId, c.getString(profile.channelField()), c,
        expect == null ? Expectation.NONE : new Expectation(expect.getInteger("status"), expect.getJsonObject("body")),
        simulate == null ? 0 : simulate.getInteger("transient_failures", 0));
  }

  private Optional<FieldError> commonProblem(String at, JsonObject c) {
    for (String field : c.fieldNames()) {
      if (!caseFields.contains(field)) {
        return problem(at + "." + field, "unknown field (known: " + String.join(", ", new java.util.TreeSet<>(caseFields)) + ")");
      }
    }
    Object id = c.getValue("case_id");
    if (id == null) {
      return problem(at + ".case_id", "is required");
    }
    if (!(id instanceof String idText) || !CASE_ID.matcher(idText).matches()) {
      return problem(at + ".case_id", "must be 1-128 characters of [A-Za-z0-9._:-], got " + quote(id));
    }
    String channelField = profile.channelField();
    Object channel = c.getValue(channelField);
    if (channel == null) {
      return problem(at + "." + channelField, "is required");
    }
    if (!(channel instanceof String channelText) || !CHANNEL_ID.matcher(channelText).matches()) {
      return problem(at + "." + channelField, "must be 1-64 characters of [A-Za-z0-9._-] (not . or ..), got " + quote(channel));
    }
    Object expect = c.getValue("expect");
    if (expect != null) {
      if (!(expect instanceof JsonObject e)) {
        return problem(at + ".expect", "must be an object");
      }
      for (String field : e.fieldNames()) {
        if (!field.equals("status") && !field.equals("body")) {
          return problem(at + ".expect." + field, "unknown field (known: body, status)");
        }
      }
      Object status = e.getValue("status");
      if (status != null && !(status instanceof Integer n && n >= 100 && n <= 599)) {
        return problem(at + ".expect.status", "must be an integer from 100 to 599, got " + quote(status));
      }
      if (e.getValue("body") != null && !(e.getValue("body") instanceof JsonObject)) {
        return problem(at + ".expect.body", "must be an object");
      }
    }
    Object simulate = c.getValue("simulate");
    if (simulate != null) {
      if (!(simulate instanceof JsonObject sim)) {
        return problem(at + ".simulate", "must be an object");
      }
      for (String field : sim.fieldNames()) {
        if (!field.equals("transient_failures")) {
          return problem(at + ".simulate." + field, "unknown field (known: transient_failures)");
        }
      }
      Object failures = sim.getValue("transient_failures");
      if (failures != null && !(failures instanceof Integer n && n >= 0 && n <= MAX_TRANSIENT_FAILURES)) {
        return problem(at + ".simulate.transient_failures",
            "must be an integer from 0 to " + MAX_TRANSIENT_FAILURES + ", got " + quote(failures));
      }
    }
    return Optional.empty();
  }

  private static Optional<FieldError> problem(String field, String reason) {
    return Optional.of(new FieldError(field, reason));
  }

  static String quote(Object value) {
    return FieldError.shown(value);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
