// History: a time window of one runtime's cycles, asked of the runner (its own event log, through ui.control) and
// drawn on one time axis: health and gate as bands, then duration, cases per cycle, failure streak, queue depth.
"use strict";

const HISTORY_WINDOWS = { "5m": "5 min", "1h": "1 h", "24h": "24 h" };
const HISTORY_POINTS = 120;
const HISTORY_REFRESH_MS = 10_000;
const SVG_NS = "http://www.w3.org/2000/svg";

// The choice is part of the address (?runtime=dashboard&window=24h), so that a link opens the same view.
const historyChoice = (() => {
  const query = new URLSearchParams(location.search);
  return {
    runtime: RUNTIMES.includes(query.get("runtime")) ? query.get("runtime") : "gateway",
    window: HISTORY_WINDOWS[query.get("window")] ? query.get("window") : "1h",
  };
})();
let historyAnswer = null;
let historyProblem = "";

function keepChoiceInAddress() {
  const query = new URLSearchParams(location.search);
  query.set("runtime", historyChoice.runtime);
  query.set("window", historyChoice.window);
  window.history.replaceState(null, "", `${location.pathname}?${query}`);
}

async function loadHistory() {
  if (!token || locked) {
    historyProblem = "needs the operator token";
    drawHistory();
    return;
  }
  const { runtime, window: span } = historyChoice;
  const reply = await bus.request("ui.control", { op: "history", runtime, window: span, points: HISTORY_POINTS, token });
  if (runtime !== historyChoice.runtime || span !== historyChoice.window) return; // a newer choice was made meanwhile
  historyProblem = reply.failed ? `not available: ${reply.reason}` : "";
  historyAnswer = reply.failed ? historyAnswer : reply.body;
  drawHistory();
}

function choose(field, value) {
  historyChoice[field] = value;
  historyAnswer = null;
  keepChoiceInAddress();
  drawHistory();
  loadHistory();
}

function drawHistory() {
  const card = $("#history");
  const picker = (field, values, label) => el("span", { class: "row", role: "group", "aria-label": label },
    ...values.map(([value, text]) => {
      const b = el("button", { type: "button", "data-choice": field, "data-value": value,
        "aria-pressed": String(historyChoice[field] === value) }, text);
      b.addEventListener("click", () => choose(field, value));
      return b;
    }));
  const parts = [
    el("h2", {}, "History"),
    el("div", { class: "filters" },
      picker("runtime", RUNTIMES.map((r) => [r, r]), "runtime"),
      picker("window", Object.entries(HISTORY_WINDOWS), "time window")),
  ];
  const answer = historyAnswer && historyAnswer.runtime === historyChoice.runtime ? historyAnswer : null;
  parts.push(el("p", { id: "history-summary", class: "muted", "aria-live": "polite" },
    historyProblem || (answer ? summary(answer) : "loading")));
  if (answer && answer.decision) parts.push(why(answer.decision));
  if (answer && answer.cycles > 0) parts.push(...charts(answer));
  keepFocus(() => card.replaceChildren(...parts));
}

// The charts' text alternative: what an operator would read off them.
function summary(h) {
  const span = HISTORY_WINDOWS[historyChoice.window];
  if (h.cycles === 0) {
    return `${h.runtime}: no cycle in the last ${span}. A runner cycles when it has work: a fixture (--${h.runtime}-fixture FILE), `
      + "a replay_fixture action, or requests to the gateway's ingress.";
  }
  const worst = (field, order) => order.filter((s) => h.points.some((p) => p[field] === s)).pop();
  const held = h.points.filter((p) => p.gate === "hold").length;
  const failed = h.points.reduce((n, p) => n + p.failed, 0);
  const marks = (h.markers || []).filter((m) => m.at_ms >= h.from_ms);
  return `${h.runtime}, last ${span}: ${h.cycles} cycle${h.cycles === 1 ? "" : "s"} in ${h.points.length} buckets of `
    + `${Math.round(h.bucket_ms / 1000)} s; worst health ${worst("health", ["healthy", "degraded", "failing"])}; `
    + `gate held in ${held} bucket${held === 1 ? "" : "s"}; ${failed} failed case${failed === 1 ? "" : "s"}`
    + (marks.length ? `; supervisor and members: ${markerCounts(marks)}` : "") + ".";
}

// The latest gate decision in plain words: the rule's numbers, the health, the cycles of the streak (--explain).
function why(d) {
  const streak = d.streak_cycle_ids.length ? ` (cycles ${d.streak_cycle_ids.join(", ")})` : "";
  return el("div", { id: "history-why", class: "why" },
    el("p", {}, el("strong", {}, `gate ${d.verdict} (${d.reason_code})`), ` since cycle ${d.cycle_id}, ${d.at}`),
    el("ul", {},
      ...d.why.map((w) => el("li", {}, w.startsWith("failure_streak ") ? w + streak : w)),
      el("li", {}, `health ${d.inputs.health} (${d.inputs.health_reason})`)),
    el("p", { class: "muted" }, `decision ${d.decision_id}, policy ${d.policy_version}; `
      + `./tau-mesh --explain ${d.decision_id} prints it`));
}

// How many of each kind, in the order they first came: "quarantined 1, member left 1, released 1".
function markerCounts(marks) {
  const counts = new Map();
  for (const m of marks) counts.set(m.kind, (counts.get(m.kind) || 0) + 1);
  return [...counts].map(([kind, n]) => `${kind.replaceAll("_", " ")} ${n}`).join(", ");
}

function charts(h) {
  const perCycle = (field) => h.points.map((p) => (p.cycles ? p[field] / p.cycles : null));
  return [
    markerRow(h),
    band(h, "health", "health"),
    band(h, "gate", "gate"),
    chart("cycle duration, ms (mean, longest)", [h.points.map((p) => (p.cycles ? p.duration_ms_avg : null)),
      h.points.map((p) => (p.cycles ? p.duration_ms_max : null))]),
    chart("cases per cycle (succeeded, failed, malformed)", [perCycle("succeeded"), perCycle("failed"), perCycle("malformed")]),
    chart("failure streak", [h.points.map((p) => (p.cycles ? p.failure_streak_max : null))]),
    chart("queue depth", [h.points.map((p) => (p.cycles ? p.queue_depth_max : null))]),
    el("div", { class: "history-axis muted" }, el("span", {}, new Date(h.from_ms).toLocaleTimeString()),
      el("span", {}, "now")),
  ];
}

// The supervisor's restarts, quarantines and member changes at their time on the same axis, each with its title.
function markerRow(h) {
  const markers = (h.markers || []).filter((m) => m.at_ms >= h.from_ms && m.at_ms <= h.to_ms);
  const s = svg(markers.length ? markers.map(markerText).join("; ") : "no restart, quarantine or member change", 1);
  s.setAttribute("class", "history-band history-markers");
  for (const m of markers) {
    const r = document.createElementNS(SVG_NS, "rect");
    r.setAttribute("x", ((m.at_ms - h.from_ms) / (h.to_ms - h.from_ms)) * HISTORY_POINTS - 0.4);
    r.setAttribute("width", 0.8);
    r.setAttribute("height", 1);
    r.setAttribute("class", `marker ${m.kind}`);
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = markerText(m);
    r.append(title);
    s.append(r);
  }
  return el("div", { class: "history-row" }, el("span", { class: "label" }, `supervisor, members (${markers.length})`), s);
}

function markerText(m) {
  return `${new Date(m.at_ms).toLocaleTimeString()} ${m.kind.replaceAll("_", " ")} ${m.subject}${m.detail ? ` (${m.detail})` : ""}`;
}

function svg(label, height) {
  const s = document.createElementNS(SVG_NS, "svg");
  s.setAttribute("viewBox", `0 0 ${HISTORY_POINTS} ${height}`);
  s.setAttribute("preserveAspectRatio", "none");
  s.setAttribute("role", "img");
  s.setAttribute("aria-label", label);
  return s;
}

function band(h, field, label) {
  const s = svg(`${label} per bucket`, 1);
  s.setAttribute("class", "history-band");
  h.points.forEach((p, i) => {
    const r = document.createElementNS(SVG_NS, "rect");
    r.setAttribute("x", i * (HISTORY_POINTS / h.points.length));
    r.setAttribute("width", HISTORY_POINTS / h.points.length);
    r.setAttribute("height", 1);
    r.setAttribute("class", `band-${field} ${p[field] || "none"}`);
    s.append(r);
  });
  return el("div", { class: "history-row" }, el("span", { class: "label" }, label), s);
}

// Lines of one or more series on a shared scale; a bucket without a cycle breaks the line.
function chart(label, series) {
  const height = 40;
  const max = Math.max(1, ...series.flat().filter((v) => v != null));
  const s = svg(`${label}; highest ${Math.round(max * 10) / 10}`, height);
  s.setAttribute("class", "history-chart");
  series.forEach((values, k) => {
    let run = [];
    const flush = () => {
      if (run.length === 1) {
        // A lone bucket between empty ones: a short dash, so that it shows.
        const [x, y] = run[0].split(",").map(Number);
        run = [`${x - 0.5},${y}`, `${x + 0.5},${y}`];
      }
      if (run.length) {
        const line = document.createElementNS(SVG_NS, "polyline");
        line.setAttribute("points", run.join(" "));
        line.setAttribute("class", `series-${k}`);
        s.append(line);
      }
      run = [];
    };
    values.forEach((v, i) => {
      if (v == null) flush();
      else run.push(`${i + 0.5},${height - (v / max) * (height - 2) - 1}`);
    });
    flush();
  });
  return el("div", { class: "history-row" }, el("span", { class: "label" }, `${label} (max ${Math.round(max * 10) / 10})`), s);
}

drawHistory();
setInterval(() => { if (document.visibilityState === "visible") loadHistory(); }, HISTORY_REFRESH_MS);
