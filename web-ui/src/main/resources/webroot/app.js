// The dashboard page: a full snapshot on connect, then live ui.view.* updates applied by seq; on a reconnect, the
// updates it missed (or a fresh snapshot when the web UI no longer has them all).
"use strict";

const RUNTIMES = ["gateway", "dashboard"];
const views = new Map();          // widget id -> view {id, kind, data, seq}
const heard = new Map();          // widget id -> when this page last received it, changed or not
// The dashboard sends every view again this often, changed or not (the snapshot says how often): a runtime whose
// views have not come for twice that is stale, and its card says so.
let viewResendMs = 5000;
let supervisor = null;            // {seq, state, health}
let link = { connected: false };
let cluster = null;
let actions = { runner: [], child: [] };  // what the controls offer, from the snapshot
let ingress = null;                // the gateway's HTTP requests per actor (tau.gateway.ingress)
let runners = { seq: -1, runners: [] };   // each runner's control state: paused, queue limit, storage fault
let audit = [];                   // the services' audit trails, newest first, as their entries are written
const AUDIT_KEPT = 600;

let token = sessionStorage.getItem("tau-token") || "";
const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromHash) {
  token = fromHash;
  sessionStorage.setItem("tau-token", token);
  history.replaceState(null, "", location.pathname + location.search);
}

const $ = (sel, root = document) => root.querySelector(sel);
// The colour theme: the system's by default ("auto"); a choice made here is kept in this browser.
const THEMES = ["auto", "light", "dark"];
let theme = "auto";
try { theme = THEMES.includes(localStorage.getItem("tau-theme")) ? localStorage.getItem("tau-theme") : "auto"; } catch (e) { /* storage off */ }
function applyTheme() {
  if (theme === "auto") delete document.documentElement.dataset.theme; else document.documentElement.dataset.theme = theme;
  const button = $("#theme");
  button.textContent = `theme: ${theme}`;
  button.setAttribute("aria-label", `colour theme: ${theme}; press to change`);
}
applyTheme();
$("#theme").addEventListener("click", () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  try { localStorage.setItem("tau-theme", theme); } catch (e) { /* storage off: this page only */ }
  applyTheme();
});

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
};

// What happened to the page's connection and what to do about it, kept after it comes back.
let connectedOnce = false;
let lostAt = null;
let reconnected = null;            // the note's first half, until the page has caught up
// How the page caught up after a reconnect, said once it has.
function caughtUp(how) {
  if (reconnected == null) return;
  document.getElementById("connection-note").textContent = reconnected + how;
  reconnected = null;
}
function connectionNote(state) {
  const note = document.getElementById("connection-note");
  const time = (t) => new Date(t).toLocaleTimeString();
  if (state === "connected") {
    if (lostAt != null) {
      reconnected = `Reconnected at ${time(Date.now())} after ${((Date.now() - lostAt) / 1000).toFixed(1)} s `
        + "without a connection; ";
      note.textContent = reconnected + "catching up.";
    }
    lostAt = null;
    connectedOnce = true;
    return;
  }
  if (state !== "reconnecting") return;
  if (lostAt == null) lostAt = Date.now();
  note.textContent = connectedOnce
    ? `Connection to the web UI lost at ${time(lostAt)}; reconnecting. What the page shows is as of then, and actions `
      + "wait until it is back. If it stays down, check that the mesh runs (its terminal, or ./tau-mesh --daemon-status)."
    : `Cannot reach the web UI at ${location.host}; retrying. Check that the mesh runs (its terminal, or `
      + "./tau-mesh --daemon-status) and that this is the address it printed.";
}

// The bridge's URL relative to the page's own, so that the page works under a proxy's sub-path (/tau/) too.
const bridgeUrl = new URL("eventbus/websocket", location.href);
bridgeUrl.protocol = location.protocol === "https:" ? "wss:" : "ws:";
bridgeUrl.hash = "";
const bus = new MeshBus(bridgeUrl.href, {
  onState: (state) => {
    const badge = $("#connection");
    badge.textContent = state;
    badge.dataset.state = state;
    badge.className = "badge " + (state === "connected" ? "ok" : "reconnecting");
    connectionNote(state);
  },
  onOpen: loadSnapshot,
});
window.tauBus = bus;

bus.listen("ui.view.widgets", (view) => {
  heard.set(view.id, Date.now());
  const known = views.get(view.id);
  if (!known || view.seq > known.seq) {
    views.set(view.id, view);
    renderRuntimes();
    if (view.id === "dashboard.canary") renderCanary();
  }
});
bus.listen("ui.view.supervisor", (view) => {
  if (!supervisor || view.seq > supervisor.seq) {
    supervisor = view;
    renderSupervisor();
  }
});
bus.listen("ui.view.runners", (view) => {
  if (view.seq > runners.seq) {
    runners = view;
    renderRuntimes();
  }
});
bus.listen("ui.view.link", (view) => { link = view; renderLink(); });
bus.listen("ui.view.ingress", (view) => { ingress = view; renderRuntimes(); });
bus.listen("ui.view.cluster", (view) => { cluster = view; renderCluster(); });
bus.listen("ui.view.audit", (entry) => { addAudit(entry); renderAudit(); });

// An entry is its service's and its seq; the same entry twice (in a snapshot and live) is shown once.
const auditId = (a) => a.service && a.seq != null ? a.service + "#" + a.seq : null;
function addAudit(entry) {
  const id = auditId(entry);
  if (id && audit.some((a) => auditId(a) === id)) return;
  audit.unshift(entry);
  audit.sort((a, b) => (b.at || "").localeCompare(a.at || ""));
  audit.length = Math.min(audit.length, AUDIT_KEPT);
}

// The snapshot shows the token: without it (or with a wrong one) the bridge gives this page nothing of the mesh.
let locked = false;
let signedIn = null;              // who the token signed in as: {name, role, operator_actions, expires_at?}, from the snapshot
let expired = null;               // a named operator's secret past its expiry: {sign_in_expired, expired_at, what_to_do}
// The bridge answers a secret past its expiry in words: the page locks and says whose, since when, and what to do.
function expiredSignIn(reply) {
  if (reply.failed || !reply.body || !reply.body.sign_in_expired) return false;
  expired = reply.body;
  locked = true;
  signedIn = null;
  renderMode();
  return true;
}
// Whether the signed-in role may take an action (the bridge refuses it anyway): an admin every one, an operator
// those it lists, a viewer none.
function mayAct(name) {
  if (!signedIn) return true;
  return signedIn.role === "admin" || (signedIn.role === "operator" && signedIn.operator_actions.includes(name));
}
function roleNeeded(name) {
  return signedIn && signedIn.operator_actions.includes(name) ? "operator" : "admin";
}
async function loadSnapshot() {
  const resume = bus.resumeFrom();
  const reply = await bus.request("ui.control", resume ? { op: "snapshot", token, resume } : { op: "snapshot", token });
  // The bridge's refusal ("rejected" by the token check), not a lost connection or a timeout.
  if (expiredSignIn(reply)) return;
  expired = null;
  locked = reply.failed && (reply.reason === "rejected" || reply.reason === "access_denied");
  if (reply.failed) {
    renderMode();
    return;
  }
  signedIn = reply.body.signed_in || null;
  if (reply.body.resumed) {
    // Exactly the updates it missed, in order, through the same handlers as live ones.
    const missed = reply.body.frames || [];
    for (const frame of missed) bus.deliver({ ...frame, epoch: reply.body.stream.epoch });
    bus.adopt(reply.body.stream);
    renderAll();
    if (typeof loadHistory === "function") loadHistory();
    caughtUp(`the page caught up on the ${missed.length} update${missed.length === 1 ? "" : "s"} it missed.`);
    document.body.dataset.resumed = String(Date.now());
    return;
  }
  bus.adopt(reply.body.stream);
  caughtUp("the page loaded a fresh snapshot.");
  views.clear();
  viewResendMs = reply.body.views_resent_every_ms || viewResendMs;
  for (const view of reply.body.views || []) {
    views.set(view.id, view);
    heard.set(view.id, Date.now());
  }
  supervisor = reply.body.supervisor;
  link = reply.body.link || link;
  cluster = reply.body.cluster;
  actions = reply.body.actions || actions;
  runners = reply.body.runners || runners;
  // The trails as written, and what this page alone knows: actions whose answer never came.
  const unanswered = audit.filter((a) => !auditId(a));
  audit = [];
  for (const entry of [...(reply.body.audit || []), ...unanswered]) addAudit(entry);
  renderAll();
  if (typeof loadHistory === "function") loadHistory();
  document.body.dataset.snapshotLoaded = String(Date.now());
}

// An applied, rejected or refused action (a missing or wrong token too) comes back to every page as
// ui.view.audit; only a failure that never reached the bridge (a timeout, a lost connection) is shown from here.
// Each intent (the same action on the same target with the same parameter) carries one idempotency key until it
// has an answer: a click retried after a timeout reuses it, so the mesh applies the action at most once.
const intents = new Map();
const sending = new Set();         // intents sent and not answered yet: their buttons wait
async function act(action) {
  const intent = describe(action);
  const key = intents.get(intent) || "ui-" + hex(12);
  intents.set(intent, key);
  const ids = correlation();
  const sent = { ...action, idempotency_key: key };
  sending.add(intent);
  renderControls();
  const reply = await bus.request("ui.control", { action: sent, token }, ids);
  sending.delete(intent);
  renderControls();
  if (expiredSignIn(reply)) {
    intents.delete(intent);
    return;
  }
  if (!reply.failed || reply.reason === "access_denied" || reply.reason === "rejected") {
    intents.delete(intent);
    return;
  }
  // No answer: the action may or may not have been applied; the dashboard's trail will say if it was.
  const notSent = reply.reason === "not connected";
  addAudit({ at: new Date().toISOString(), service: "this page",
    action: { name: sent.action, target: sent.target || "dashboard", parameter: sent.child_id ? { child_id: sent.child_id } : null,
      idempotency_key: key },
    outcome: { result: notSent ? "not sent" : "unknown", duplicate: false,
      reason: notSent ? "not connected; a retry is applied at most once"
        : reply.reason + ": it may have been applied, see the audit; a retry is applied at most once" },
    source: { origin: "this page", request_id: ids["x-request-id"] } });
  renderAudit();
}

const hex = (bytes) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");

// A new x-request-id and W3C traceparent for each action: the mesh carries them into runtime events, the audit
// and its log lines, so that one click can be followed end to end (docs/operations.md).
function correlation() {
  return { "x-request-id": "ui-" + hex(8), traceparent: `00-${hex(16)}-${hex(8)}-01` };
}

function describe(action) {
  return [action.action, action.target || "dashboard", action.child_id, action.queue_limit].filter((x) => x != null).join(" ");
}

function data(id) {
  const view = views.get(id);
  return view ? view.data : null;
}

function sparkline(history) {
  const values = history || [];
  const w = 120, h = 28, max = Math.max(1, ...values);
  const points = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * w},${h - (v / max) * (h - 2) - 1}`).join(" ");
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("class", "spark");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", points);
  svg.append(line);
  return svg;
}

function renderRuntimes() {
  keepFocus(drawRuntimes);
}

function drawRuntimes() {
  for (const runtime of RUNTIMES) {
    const card = $(`.runtime[data-runtime="${runtime}"]`);
    const health = data(`${runtime}.health`);
    const rollout = data(`${runtime}.rollout`);
    const streak = data(`${runtime}.failure_streak`);
    const queue = data(`${runtime}.queue_depth`);
    const counts = data(`${runtime}.reason_codes`) || {};
    const recent = (data(`${runtime}.recent_events`) || {}).events || [];
    const canary = runtime === "dashboard" ? data("dashboard.canary") : null;
    card.replaceChildren(
      el("h2", {}, runtime),
      el("div", { class: "row" },
        el("span", { class: "badge " + (health ? health.health_state : "neutral"), "data-field": "health" }, health ? health.health_state : "no cycle yet"),
        el("span", { class: "badge " + (rollout ? rollout.rollout_gate : "neutral"), "data-field": "gate" }, rollout ? "gate " + rollout.rollout_gate : "gate ?"),
        el("span", { class: "reason", "data-field": "gate-reason" }, rollout ? rollout.rollout_reason_code : ""),
        // Every breach, not only the first: a gate can hold for several reasons at once.
        el("span", { class: "muted", "data-field": "gate-breaches" },
          rollout && (rollout.rollout_breaches || []).length > 1 ? " (" + rollout.rollout_breaches.join(", ") + ")" : ""),
        // A guardrail in dry run never moves the gate: say what it would have done.
        el("span", { class: "muted", "data-field": "gate-dry-run" },
          rollout && (rollout.rollout_dry_run_breaches || []).length
            ? " dry run, not enforced: " + rollout.rollout_dry_run_breaches.join(", ") + (rollout.rollout_gate === "pass" ? " (would hold)" : "")
            : "")),
      el("div", { class: "muted", "data-field": "health-reason" }, health ? health.health_reason : firstRun(runtime)),
      freshness(runtime),
      runnerLine(runtime),
      el("div", { class: "metrics" },
        el("div", {}, el("span", { class: "label" }, "failure streak"), el("b", { "data-field": "streak" }, streak ? streak.value : "–"), streak ? sparkline(streak.history) : ""),
        el("div", {}, el("span", { class: "label" }, "queue depth"), el("b", { "data-field": "queue" }, queue ? queue.value : "–"), queue ? sparkline(queue.history) : "")),
      el("table", { class: "counts" }, ...Object.entries(counts).map(([code, n]) => el("tr", {}, el("td", {}, code), el("td", {}, n)))),
      canary ? el("div", { class: "canary" }, el("span", { class: "label" }, "canary "),
        el("b", {}, canary.promotable_to || "none"), " → next ", canary.next_phase || "–",
        el("div", { class: "muted" }, (canary.next_phase_blocked_by || []).join("; "))) : "",
      runtime === "gateway" ? ingressTable() : "",
      el("ol", { class: "events" }, ...recent.slice(0, 6).map((e) => el("li", {},
        el("span", { class: "badge small " + e.health_state }, e.health_state), ` #${e.cycle_id} `, (e.reason_codes || []).join(", "),
        trailButton({ runtime, cycleId: e.cycle_id }, `${runtime} cycle ${e.cycle_id}`)))),
      controls(runtime));
  }
}

// One button per runner action the snapshot offers; an action with a parameter gets an input for it.
function controls(runtime) {
  const target = runtime === "gateway" ? { target: "gateway" } : {};
  const parts = [];
  for (const offered of actions.runner) {
    const action = { ...target, action: offered.action };
    if (offered.parameter) {
      const input = el("input", { type: "number", min: "1", value: "64", class: "limit", "aria-label": offered.parameter.replace(/_/g, " ") + " of " + runtime });
      parts.push(input, button(action, () => ({ ...action, [offered.parameter]: Number(input.value) })));
    } else {
      parts.push(button(action, () => action, runnerWhy(runtime, offered.action)));
    }
  }
  return el("div", { class: "controls", "data-controls": runtime }, ...parts);
}

// Actions that stop work or lose a run ask to be confirmed: the first click arms the button for a few seconds,
// the second applies it. The armed intent is kept here, not in the button, since views redraw the controls.
const CONFIRMED = new Set(["pause", "restart_child", "quarantine_child", "remove_child"]);
const ARMED_MS = 5000;
let armed = null;                 // {intent, until}

function isArmed(intent) {
  return armed != null && armed.intent === intent && armed.until > Date.now();
}

// A button for an action by its wire name (run_cycle, restart_child), labelled for people (run cycle, restart)
// and named with its target for a screen reader. It is disabled, with the reason as its title, when it cannot
// apply: no operator token, its last click not answered yet, or {@code why} (a child's state).
function button(action, build, why = "") {
  const label = action.action.replace(/_child$/, "").replace(/_/g, " ");
  const intent = describe(action);
  const target = action.child_id ? "child " + action.child_id : (action.target || "dashboard") + " runner";
  const confirming = isArmed(intent);
  const reason = !token ? "needs the operator token"
    : !mayAct(action.action) ? `needs the ${roleNeeded(action.action)} role (signed in as ${signedIn.name}, ${signedIn.role})`
      : sending.has(intent) ? "sent: waiting for its answer" : why;
  const b = el("button", { "data-action": action.action, "aria-label": (confirming ? "confirm " : "") + label + " " + target,
    class: confirming ? "armed" : "" }, confirming ? "confirm " + label + "?" : label);
  if (reason) {
    b.disabled = true;
    b.title = reason;
    b.dataset.why = reason;
  }
  b.addEventListener("click", () => {
    if (CONFIRMED.has(action.action) && !isArmed(intent)) {
      armed = { intent, until: Date.now() + ARMED_MS };
      announce(`press again to ${label} ${target}`);
      setTimeout(() => { if (armed && armed.until <= Date.now()) { armed = null; renderControls(); } }, ARMED_MS + 50);
      renderControls();
      return;
    }
    armed = null;
    act(build());
  });
  return b;
}

function runnerCard(runtime) {
  return (runners.runners || []).find((r) => r.runtime === runtime && r.answered);
}

// Paused or running, the limit of a cycle, and a state dir that takes no writes, as the runner's status says.
function runnerLine(runtime) {
  const card = runnerCard(runtime);
  if (!card) return el("div", { class: "muted", "data-field": "runner" }, "runner status: no answer yet");
  return el("div", { class: "row", "data-field": "runner" },
    el("span", { class: "badge small " + (card.paused ? "degraded" : "ok"), "data-field": "paused" }, card.paused ? "paused" : "running"),
    el("span", { class: "muted" }, ` queue ${card.queue_depth} of ${card.queue_limit} per cycle · ${card.cycle_count} cycles`),
    lastCycle(runtime),
    card.storage_fault ? el("span", { class: "badge small failing", "data-field": "storage-fault", title: card.storage_fault.reason },
      card.storage_fault.code) : "",
    heartbeatBadge(card.heartbeat));
}

// What the supervisor's runtime heartbeat last said of the runner: stuck or not, self-repair's restarts, the age of
// its last event when the heartbeat beat.
function heartbeatBadge(beat) {
  if (!beat) return el("span", { class: "muted", "data-field": "heartbeat" }, " · heartbeat: none yet");
  const age = beat.last_event_age_ms == null ? "no event yet" : `last event ${Math.round(beat.last_event_age_ms / 1000)} s old`;
  const repair = !beat.self_repair ? "self-repair off"
    : beat.gave_up ? `self-repair gave up after ${beat.restarts} restart${beat.restarts === 1 ? "" : "s"}`
    : beat.stuck ? `stuck for ${Math.round(beat.stuck_for_ms / 1000)} s, ${beat.restarts} restart${beat.restarts === 1 ? "" : "s"} so far`
    : "not stuck";
  const cls = beat.gave_up ? "failing" : beat.stuck ? "degraded" : "ok";
  return el("span", { class: "row", "data-field": "heartbeat", title: `heartbeat at ${new Date(beat.at_unix_ms).toLocaleTimeString()}` },
    el("span", { class: "muted" }, ` · heartbeat: ${age}, `),
    el("span", { class: "badge small " + cls, "data-field": "self-repair" }, repair));
}

// The gateway's HTTP ingress by actor: what each was answered since the gateway started, and its last minute.
function ingressTable() {
  const actors = (ingress && ingress.actors) || [];
  if (!actors.length) {
    return el("div", { class: "muted", "data-field": "ingress" }, "ingress: no HTTP request yet (POST /v1/actors/<actor_id>/requests)");
  }
  return el("table", { class: "counts", "data-field": "ingress" },
    el("caption", { class: "muted" }, `ingress by actor (${actors.length} of ${ingress.actors_tracked} busiest)`),
    el("tr", {}, el("th", {}, "actor"), el("th", {}, "accepted"), el("th", {}, "refused"), el("th", {}, "503"), el("th", {}, "last min")),
    ...actors.map((a) => el("tr", { "data-actor": a.actor_id }, el("td", {}, a.actor_id), el("td", {}, a.accepted),
      el("td", {}, a.refused), el("td", {}, a.unrecorded), el("td", {}, a.last_minute))));
}

// The runner's last committed cycle and how long ago it ran, kept current every second without redrawing the card.
function lastCycle(runtime) {
  const recent = (data(`${runtime}.recent_events`) || {}).events || [];
  const at = recent.length ? Date.parse(recent[0].at) : NaN;
  const span = el("span", { class: "muted", "data-field": "last-cycle", "data-at": isNaN(at) ? "" : String(at),
    "data-cycle": recent.length ? String(recent[0].cycle_id) : "" });
  showAge(span);
  return span;
}

function showAge(span) {
  const at = Number(span.dataset.at);
  if (!span.dataset.at || isNaN(at)) { span.textContent = " · no cycle yet"; return; }
  const secs = Math.max(0, Math.round((Date.now() - at) / 1000));
  const age = secs < 60 ? `${secs} s` : secs < 3600 ? `${Math.floor(secs / 60)} min` : `${Math.floor(secs / 3600)} h`;
  span.textContent = ` · last cycle #${span.dataset.cycle}, ${age} ago`;
}
setInterval(() => document.querySelectorAll("[data-field=last-cycle]").forEach(showAge), 1000);

// How old the runtime's views are on this page, kept current every second; past twice the dashboard's re-send
// interval the card turns stale: its numbers may no longer be true.
function freshness(runtime) {
  const span = el("div", { class: "muted", "data-field": "views-age", "data-runtime": runtime });
  showFreshness(span);
  return span;
}

function showFreshness(span) {
  const runtime = span.dataset.runtime;
  const times = [...heard].filter(([id]) => id.startsWith(runtime + ".")).map(([, at]) => at);
  const card = span.closest(".runtime");
  if (!times.length) {
    span.textContent = "";
    if (card) card.classList.remove("stale");
    return;
  }
  const ms = Date.now() - Math.max(...times);
  const stale = ms > 2 * viewResendMs;
  span.textContent = stale
    ? `stale: no view from the dashboard for ${Math.round(ms / 1000)} s (it sends each view every ${viewResendMs / 1000} s): what this card shows may be old`
    : `views ${Math.round(ms / 1000)} s old`;
  if (card) card.classList.toggle("stale", stale);
}
setInterval(() => document.querySelectorAll("[data-field=views-age]").forEach(showFreshness), 1000);

// A runtime with no cycle yet says what feeds it and how to give it work.
function firstRun(runtime) {
  return `no cycle yet: cycles run the cases of --${runtime}-fixture files (for example ./tau-mesh --${runtime}-fixture `
    + `fixtures/${runtime}/healthy.json) every --${runtime}-cycle-interval-ms`
    + (runtime === "gateway" ? "; HTTP requests to its ingress are recorded apart from cycles" : "");
}

// Why a runner action cannot apply now, or "" when it can.
function runnerWhy(runtime, action) {
  const card = runnerCard(runtime);
  if (!card) return "";
  if (action === "pause" && card.paused) return "already paused";
  if (action === "resume" && !card.paused) return "not paused";
  return "";
}

// Why a child action cannot apply to a child in this state, or "" when it can. Lifting a quarantine takes a reason.
function childWhy(action, state) {
  if (action === "release_child" && state !== "quarantined") return "not quarantined";
  if (action === "release_child" && !$("#child-reason").value.trim()) return "needs a reason: type why its cause is gone below";
  if (action === "quarantine_child" && state === "quarantined") return "already quarantined";
  return "";
}

// Views redraw the controls: a focused button gets its focus back, so that the keyboard does not lose its place.
function keepFocus(draw) {
  const focused = document.activeElement;
  const scope = focused && focused.dataset && focused.dataset.action ? focused.closest("[data-runtime], tr[data-child]") : null;
  const selector = scope ? (scope.dataset.runtime ? `[data-runtime="${scope.dataset.runtime}"]` : `tr[data-child="${scope.dataset.child}"]`)
    + ` button[data-action="${focused.dataset.action}"]` : null;
  draw();
  const again = selector ? $(selector) : null;
  if (again && again !== focused) again.focus();
}

function announce(text) {
  $("#announce").textContent = text;
}

function renderControls() {
  renderRuntimes();
  renderSupervisor();
}

function renderSupervisor() {
  keepFocus(drawSupervisor);
}

function drawSupervisor() {
  const card = $("#supervisor");
  const health = supervisor && supervisor.health;
  const state = supervisor && supervisor.state;
  const rows = state ? state.child_runtime_records : [];
  card.replaceChildren(
    el("h2", {}, "supervisor"),
    el("div", { class: "row" },
      el("span", { class: "badge " + (health ? health.status : "neutral"), "data-field": "supervisor-status" }, health ? health.status : "unknown"),
      health ? el("span", { class: "muted" }, `up ${health.uptime_secs}s · ${health.iterations_per_sec} loop/s`) : ""),
    health && health.reason ? el("div", { class: "muted", "data-field": "supervisor-reason" }, health.reason) : "",
    health && (health.blocked_children || []).length
      ? el("div", { class: "muted", "data-field": "blocked-children" }, "blocked: " + health.blocked_children.join(", ")) : "",
    state ? el("div", { class: "muted" }, `running ${state.children.running} of ${state.children.target_count} · failed ${state.children.failed} · quarantined ${state.children.quarantined}`) : "",
    el("table", { class: "children" },
      el("tr", {}, el("th", {}, "child"), el("th", {}, "state"), el("th", {}, "restarts"), el("th", {}, "budget"), el("th", {}, "last exit"), el("th", {}, "")),
      ...rows.map((r) => el("tr", { "data-child": r.id },
        el("td", {}, r.id), el("td", {}, el("span", { class: "badge small " + r.state }, r.state + (r.blocked ? " (blocked)" : "")),
          r.quarantine_reason ? el("div", { class: "muted", "data-field": "quarantine-reason" }, r.quarantine_reason) : ""),
        el("td", {}, r.restart_count), el("td", {}, `${r.restart_budget.tokens}/${r.restart_budget.capacity}`, classBudgets(r), forecast(r)),
        el("td", { class: "muted" }, r.last_exit ? r.last_exit.display : ""),
        el("td", {}, ...actions.child.map((name) => {
          const action = { target: "supervisor", action: name, child_id: r.id };
          return button(action, () => name === "release_child" ? withReleaseReason(action) : action, childWhy(name, r.state));
        }))))));
}

// A release carries the reason typed for it, once: the next release needs its own.
function withReleaseReason(action) {
  const reason = $("#child-reason").value.trim();
  $("#child-reason").value = "";
  return { ...action, reason };
}
$("#child-reason").addEventListener("input", renderSupervisor);

// The kinds of exit with a budget of their own, each with its tokens left (docs/supervisor.md).
function classBudgets(r) {
  const classes = Object.entries(r.restart_budget.by_class || {});
  if (!classes.length) return "";
  return el("div", { class: "muted nowrap", "data-field": "class-budgets", title: "restarts after these kinds of exit also take from their own budget" },
    classes.map(([name, b]) => `${name} ${b.tokens}/${b.capacity}`).join(" · "));
}

// What the budget says ahead: how long a crash loop would last before the quarantine (docs/decisions.md).
function forecast(r) {
  const f = r.restart_forecast;
  if (!f || r.state === "quarantined") return "";
  const ahead = (f.backoff_ahead_ms || []).join(", ");
  const never = f.restarts_before_quarantine == null;
  const restarts = never ? 0 : f.restarts_before_quarantine;
  const secs = never ? 0 : (f.quarantine_in_crash_loop_ms / 1000).toFixed(1);
  const text = never ? "crash loop: never quarantined" : `crash loop: ${restarts} restart${restarts === 1 ? "" : "s"}, ${secs} s`;
  const title = (never
    ? "if every restart failed at once, refills would keep up: no quarantine"
    : `if every restart failed at once: quarantined after ${restarts} restart(s), ${secs} s after the next exit`)
    + (ahead ? `; next delays ${ahead} ms` : "");
  return el("div", { class: "muted nowrap", "data-field": "restart-forecast", title }, text);
}

function renderLink() {
  const connected = link && link.connected;
  $("#link").replaceChildren(el("span", { class: "badge " + (connected ? "ok" : "failing"), "data-field": "link" }, connected ? "connected" : "disconnected"),
    connected ? el("span", { class: "muted" }, ` relay pid ${link.pid} · ${link.clients} client(s)`) : "");
}

function renderCluster() {
  const members = (cluster && cluster.members) || [];
  const apart = (cluster && cluster.seeds_outside) || [];
  const split = cluster && cluster.split_from;
  // A mesh in pieces says so above its members: islands that never met, or a split from a member that left.
  const pieces = [];
  if (apart.length) {
    pieces.push(el("li", { class: "pieces", "data-field": "seeds-outside" },
      el("span", { class: "badge failing" }, "in pieces"), ` ${apart.join(", ")} answer${apart.length === 1 ? "s" : ""} but `
      + `${apart.length === 1 ? "is" : "are"} not in this cluster of ${members.length}`));
  }
  if (split) {
    pieces.push(el("li", { class: "pieces", "data-field": "split-from" },
      el("span", { class: "badge failing" }, "split"), ` alone while ${split} answers`));
  }
  // Each member: its address, the services it hosts and the protocol it speaks; its node id on hover.
  $("#cluster").replaceChildren(...pieces, ...members.map((m) => el("li", { "data-member": m.address, title: m.node_id ? `node ${m.node_id}` : "" },
    m.address + (m.local ? " (this node)" : ""),
    el("span", { class: "muted", "data-field": "services" }, " · " + ((m.services || []).length ? m.services.join(", ") : "no service")),
    el("span", { class: "muted" }, ` · protocol ${m.protocol}`))));
}

// The audit as the filters above it choose: by service, by result, and by any text in the entry.
function shownAudit() {
  const service = $("#audit-service").value, result = $("#audit-result").value;
  const text = $("#audit-text").value.trim().toLowerCase();
  return audit.filter((a) => (!service || a.service === service)
    && (!result || (a.outcome || {}).result === result)
    && (!text || JSON.stringify(a).toLowerCase().includes(text)));
}

function auditAction(a) {
  const act = a.action || {};
  const parameter = act.parameter ? Object.values(act.parameter).join(" ") : "";
  return [act.name || "(no action)", act.target, parameter].filter((x) => x).join(" ");
}

// The canary's phase table: each phase's gates, how long canary-1's gates have held against what the phase needs,
// what blocks it in plain words, and the operator's word (sign-off, a hold or an abort in force).
function renderCanary() {
  const canary = data("dashboard.canary");
  if (!canary) {
    $("#canary").replaceChildren(el("p", { class: "muted" }, "No dashboard cycle has been evaluated yet: the phases appear with the dashboard's first cycle."));
    return;
  }
  const mins = (secs) => Math.floor(secs / 60);
  const latest = canary.operator_latest;
  $("#canary").replaceChildren(
    el("div", { class: "row" },
      el("span", { class: "label" }, "promotable to "), el("b", { "data-field": "canary-promotable" }, canary.promotable_to || "none"),
      el("span", { class: "muted" }, " · next " + (canary.next_phase || "none: general availability reached")),
      canary.stopped ? el("span", { class: "badge failing", "data-field": "canary-stopped" }, canary.stopped === "abort" ? "aborted" : "held") : "",
      el("span", { class: "badge " + (canary.signed_off ? "ok" : "neutral"), "data-field": "canary-signoff" }, canary.signed_off ? "signed off" : "not signed off")),
    latest ? el("div", { class: "muted", "data-field": "canary-latest" }, `latest decision: ${latest.decision} at ${(latest.at || "").replace("T", " ").slice(0, 19)}: ${latest.reason}`) : "",
    el("table", { class: "phases", "aria-label": "canary phases" },
      el("tr", {}, el("th", {}, "phase"), el("th", {}, "gates"), el("th", {}, "canary-1 gates held / needed"), el("th", {}, "what blocks it")),
      ...(canary.phases || []).map((p) => el("tr", { "data-phase": p.phase },
        el("td", {}, `${p.phase} (${p.canary_percent}%)`),
        el("td", {}, el("span", { class: "badge small " + (p.holds ? "ok" : "failing") }, p.holds ? "met" : "blocked")),
        el("td", {}, p.required_hold_secs ? `${mins(p.held_for_secs)} of ${mins(p.required_hold_secs)} min` : `${mins(p.held_for_secs)} min (none needed)`),
        el("td", { class: "muted" }, (p.blocked_by || []).join("; ") || "nothing")))));
}

$("#canary-decision").addEventListener("change", renderMode);
$("#canary-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const reason = $("#canary-reason").value.trim();
  if (!reason) return;
  act({ target: "dashboard", action: "canary_" + $("#canary-decision").value, reason });
  $("#canary-reason").value = "";
});

function renderAudit() {
  const kind = (r) => (r === "accepted" || r === "rejected" || r === "refused" ? r : r === "unknown" || r === "not sent" ? "unknown" : "rejected");
  const shown = shownAudit();
  $("#audit-count").textContent = `${shown.length} of ${audit.length}`;
  $("#audit").replaceChildren(...(shown.length ? shown.map((a) => {
    const out = a.outcome || {}, src = a.source || {};
    return el("li", { class: kind(out.result) + (out.duplicate ? " duplicate" : ""), "data-service": a.service || "",
      title: [src.request_id ? "x-request-id " + src.request_id : "", a.action && a.action.idempotency_key ? "idempotency key " + a.action.idempotency_key : ""].filter((x) => x).join(", ") },
      el("span", { class: "muted" }, (a.at || "").replace("T", " ").slice(0, 19) + " "),
      el("b", {}, out.result || "?"), " ", auditAction(a),
      el("span", { class: "muted" }, ` · ${a.service || "?"}${out.cycle_id != null ? " cycle " + out.cycle_id : ""} · from ${src.origin || "?"}`),
      out.duplicate ? el("span", { class: "muted" }, " (already applied: the same idempotency key)") : "",
      el("span", { class: "muted" }, " " + (out.reason || "")),
      src.request_id ? trailButton({ requestId: src.request_id }, "request " + src.request_id) : "");
  }) : [el("li", { class: "muted" }, audit.length ? "No entry matches the filters." : "No control action yet: actions from this page, the relay, the CLI and the ops endpoint are listed here as the services record them.")]));
}

// The request trail (runbook 003's walkthrough): from an action or a cycle, the steps it took as the page knows them.
let trailOf = null;

function trailButton(of, what) {
  return el("button", { type: "button", class: "link", "data-action": "trail", "aria-label": "trail of " + what,
    onclick: () => { trailOf = of; renderTrail(); $("#trail").scrollIntoView({ block: "nearest" }); } }, "trail");
}

function renderTrail() {
  if (!trailOf) return;
  const hops = audit.filter((a) => trailOf.requestId
    ? (a.source || {}).request_id === trailOf.requestId
    : a.service === trailOf.runtime && (a.outcome || {}).cycle_id === trailOf.cycleId)
    .slice().sort((x, y) => (x.at || "").localeCompare(y.at || ""));
  const cycles = trailOf.requestId
    ? hops.filter((a) => RUNTIMES.includes(a.service) && (a.outcome || {}).cycle_id != null)
      .map((a) => ({ runtime: a.service, cycleId: a.outcome.cycle_id }))
    : [trailOf];
  const seen = new Set();
  const steps = [
    ...hops.map((a) => el("li", { "data-step": "hop" }, `${(a.at || "").replace("T", " ").slice(0, 19)} · ${a.service} on node `
      + `${a.node_id || "?"}: ${(a.outcome || {}).result || "?"} ${auditAction(a)} (from ${(a.source || {}).origin || "?"})`
      + ((a.outcome || {}).cycle_id != null ? `, in cycle ${a.outcome.cycle_id}` : ""))),
    ...cycles.filter((c) => !seen.has(c.runtime + c.cycleId) && seen.add(c.runtime + c.cycleId)).flatMap(cycleSteps)];
  const title = trailOf.requestId ? `x-request-id ${trailOf.requestId}` : `${trailOf.runtime} cycle ${trailOf.cycleId}`;
  $("#trail").replaceChildren(el("div", { "data-field": "trail-of" }, el("b", {}, title)),
    steps.length ? el("ol", {}, ...steps) : el("p", { class: "muted" }, "Nothing the page holds took part in it (older entries: the services' audit.jsonl and runtime-events.jsonl)."));
}

// A cycle's event line and the widget views of its runtime updated from its time on.
function cycleSteps({ runtime, cycleId }) {
  const event = ((data(`${runtime}.recent_events`) || {}).events || []).find((e) => e.cycle_id === cycleId);
  if (!event) {
    return [el("li", { "data-step": "event" }, `${runtime} cycle ${cycleId}: older than the runner's recent events the page holds; `
      + `./tau-mesh --${runtime}-status-inspect or its runtime-events.jsonl has it`)];
  }
  const updates = [...views.values()]
    .filter((v) => v.id.startsWith(runtime + ".") && v.updated_at && v.updated_at >= event.at)
    .sort((x, y) => x.updated_at.localeCompare(y.updated_at));
  return [
    el("li", { "data-step": "event" }, `${runtime} cycle ${cycleId} at ${event.at.replace("T", " ").slice(0, 19)}: `
      + `${event.health_state}, processed ${event.processed}, failed ${event.failed}; ${(event.reason_codes || []).join(", ")}`),
    ...updates.map((v) => el("li", { "data-step": "widget" }, `widget ${v.id} seq ${v.seq} updated ${v.updated_at.replace("T", " ").slice(0, 19)}`))];
}

["#audit-service", "#audit-result"].forEach((sel) => $(sel).addEventListener("change", renderAudit));
$("#audit-text").addEventListener("input", renderAudit);
// What the filters show, as JSON lines (one entry per line, as the trails hold them), made in the page.
$("#audit-export").addEventListener("click", () => {
  const lines = shownAudit().slice().reverse().map((a) => JSON.stringify(a)).join("\n") + "\n";
  const link = el("a", { href: URL.createObjectURL(new Blob([lines], { type: "application/x-ndjson" })), download: "tau-mesh-audit.jsonl" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
});

function renderMode() {
  $("#sign-in-note").textContent = expired
    ? `${expired.sign_in_expired}'s secret (${expired.role}) expired at ${expired.expired_at}: ${expired.what_to_do}.` : "";
  const mode = $("#mode");
  mode.textContent = expired ? `locked: ${expired.sign_in_expired}'s secret expired at ${expired.expired_at}`
    : locked ? "locked: the operator token is needed"
    : signedIn ? `${signedIn.name} · ${signedIn.role}` : token ? "signing in" : "no token";
  mode.className = "badge " + (locked ? "failing" : signedIn ? "ok" : "neutral");
  mode.title = expired ? expired.what_to_do : signedIn ? `signed in as ${signedIn.name}, ${signedIn.role}: ` + (signedIn.role === "viewer"
    ? "sees everything, changes nothing" : signedIn.role === "operator" ? "may " + signedIn.operator_actions.join(", ")
      : "may take every action") + (signedIn.expires_at ? `; the secret signs in until ${signedIn.expires_at}` : "") : "";
  const canary = $("#canary-form button");
  if (canary) {
    const decision = "canary_" + $("#canary-decision").value;
    canary.disabled = !!token && !mayAct(decision);
    canary.title = canary.disabled ? `needs the ${roleNeeded(decision)} role` : "";
  }
}

function renderAll() {
  renderMode();
  renderRuntimes();
  renderSupervisor();
  renderLink();
  renderCluster();
  renderAudit();
  renderCanary();
}

$("#token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("#token").value.trim();
  sessionStorage.setItem("tau-token", token);
  renderAll();
  loadSnapshot();
});

renderAll();
