// MiniCollector zpages: reads the JSON under /api/ and redraws the current view when the live stream says that
// data arrived. Every value from the collector is inserted as text (textContent), never as markup.
"use strict";

const state = { view: "traces", traceId: null, seriesId: null, paused: false, filters: {}, services: new Set() };
const $ = (id) => document.getElementById(id);
const PipelinesRefreshMs = 2000;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "class") node.className = value;
    else if (key === "testid") node.dataset.testid = value;
    else if (key === "onclick") node.addEventListener("click", value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function query(extra) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...state.filters, ...(extra || {}) })) {
    if (value) params.set(key, value);
  }
  const text = params.toString();
  return text ? "?" + text : "";
}

async function getJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function time(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString([], { hour12: false }) + "." + String(d.getMilliseconds()).padStart(3, "0");
}

function duration(ms) {
  if (ms < 1) return (ms * 1000).toFixed(0) + " µs";
  if (ms < 1000) return ms.toFixed(ms < 10 ? 2 : 1) + " ms";
  return (ms / 1000).toFixed(2) + " s";
}

function bytes(n) {
  if (n < 1024) return n + " B";
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KiB";
  return (n / 1024 / 1024).toFixed(1) + " MiB";
}

function valueText(value) {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function attributesText(attributes) {
  return Object.entries(attributes || {}).map(([k, v]) => k + "=" + valueText(v)).join(" ");
}

function kvTable(object) {
  const table = el("table", { class: "kv" });
  for (const [key, value] of Object.entries(object || {})) {
    table.append(el("tr", null, el("td", null, key), el("td", { class: "mono" }, valueText(value))));
  }
  return table;
}

function noteServices(list) {
  let added = false;
  for (const s of list) {
    if (!state.services.has(s)) { state.services.add(s); added = true; }
  }
  if (added) {
    $("services").replaceChildren(...[...state.services].sort().map((s) => el("option", { value: s })));
  }
}

function showError(error) {
  $("error").hidden = !error;
  $("error").textContent = error ? String(error.message || error) : "";
}

// ---- traces ----

async function renderTraces() {
  const data = await getJson("/api/traces" + query());
  $("traces-count").textContent = data.matched + " trace(s)" + (data.matched > data.traces.length ? ", newest " + data.traces.length + " shown" : "");
  noteServices(data.traces.flatMap((t) => t.services));
  $("traces-rows").replaceChildren(...data.traces.map((t) => {
    const row = el("tr", { testid: "trace-row", "data-trace-id": t.traceId, onclick: () => { location.hash = "#/traces/" + t.traceId; } },
      el("td", null, time(t.startMs)),
      el("td", { testid: "trace-service" }, t.service),
      el("td", { testid: "trace-root" }, t.rootName + (t.rootFound ? "" : " (root missing)")),
      el("td", { class: "num" }, duration(t.durationMs)),
      el("td", { class: "num" }, t.spanCount),
      el("td", t.error ? { class: "err" } : null, t.error ? "error" : "ok"));
    if (t.traceId === state.traceId) row.classList.add("selected");
    return row;
  }));
  if (state.traceId) await renderTrace(state.traceId);
  else $("trace-detail").hidden = true;
}

async function renderTrace(traceId) {
  let trace;
  try {
    trace = await getJson("/api/traces/" + encodeURIComponent(traceId));
  } catch (error) {
    $("trace-detail").hidden = false;
    $("trace-id").textContent = traceId;
    $("trace-summary").textContent = "(" + error.message + ")";
    $("waterfall").replaceChildren();
    return;
  }
  $("trace-detail").hidden = false;
  $("trace-id").textContent = trace.traceId;
  $("trace-summary").textContent = trace.spans.length + " spans, " + duration(trace.durationMs);
  const total = Math.max(trace.durationMs, 0.001);
  const selected = state.spanId || null;
  $("waterfall").replaceChildren(...trace.spans.map((s) => {
    const bar = el("div", { class: "wf-bar" + (s.status.code === "error" ? " error" : "") });
    bar.style.left = (s.offsetMs / total * 100) + "%";
    bar.style.width = Math.max(s.durationMs / total * 100, 0.3) + "%";
    const label = el("div", { class: "wf-label" }, el("span", { class: "svc" }, s.service + " "), s.name);
    label.style.paddingLeft = (6 + s.depth * 14) + "px";
    const row = el("div", { class: "wf-row", testid: "waterfall-row", "data-span-id": s.spanId, onclick: () => { state.spanId = s.spanId; showSpan(trace, s); } },
      label, el("div", { class: "wf-track" }, bar), el("div", { class: "wf-time" }, duration(s.durationMs)));
    if (s.spanId === selected) row.classList.add("selected");
    return row;
  }));
  const current = trace.spans.find((s) => s.spanId === selected) || trace.spans[0];
  if (current) showSpan(trace, current);
  const logs = await getJson("/api/logs?trace_id=" + encodeURIComponent(trace.traceId) + "&limit=500");
  $("trace-logs").replaceChildren(...logs.logs.map((l) => el("tr", { testid: "trace-log-row" },
    el("td", null, time(l.timeMs)), el("td", null, l.severity), el("td", null, l.service), el("td", null, l.body),
    el("td", { class: "mono" }, l.spanId))));
}

function showSpan(trace, s) {
  for (const row of $("waterfall").children) row.classList.toggle("selected", row.dataset.spanId === s.spanId);
  const parts = [
    el("h3", { testid: "span-name" }, s.name),
    kvTable({ "span id": s.spanId, parent: s.parentSpanId || "(root)", kind: s.kind, service: s.service,
      scope: s.scope.name + (s.scope.version ? " " + s.scope.version : ""), start: time(s.startMs), duration: duration(s.durationMs),
      status: s.status.code + (s.status.message ? ": " + s.status.message : "") }),
    el("h3", null, "Attributes"), kvTable(s.attributes),
  ];
  if (s.events.length) {
    parts.push(el("h3", null, "Events"));
    for (const e of s.events) parts.push(el("div", null, "+" + duration(e.offsetMs - s.offsetMs) + " " + e.name + " " + attributesText(e.attributes)));
  }
  if (s.links.length) {
    parts.push(el("h3", null, "Links"));
    for (const l of s.links) parts.push(el("div", null, el("a", { class: "trace-link", href: "#/traces/" + l.traceId }, l.traceId + " / " + l.spanId), " " + attributesText(l.attributes)));
  }
  parts.push(el("h3", null, "Resource"), kvTable(s.resource));
  $("span-detail").replaceChildren(...parts);
}

// ---- logs ----

async function renderLogs() {
  const data = await getJson("/api/logs" + query());
  $("logs-count").textContent = data.matched + " log record(s)" + (data.matched > data.logs.length ? ", newest " + data.logs.length + " shown" : "");
  noteServices(data.logs.map((l) => l.service));
  $("logs-rows").replaceChildren(...data.logs.map((l) => el("tr", { testid: "log-row" },
    el("td", null, time(l.timeMs)),
    el("td", l.severityNumber >= 17 ? { class: "err" } : null, l.severity),
    el("td", null, l.service),
    el("td", { testid: "log-body" }, l.body),
    el("td", { class: "mono" }, attributesText(l.attributes)),
    el("td", null, l.traceId ? el("a", { class: "trace-link mono", testid: "log-trace-link", href: "#/traces/" + l.traceId }, l.traceId.slice(0, 16) + "…") : ""))));
}

// ---- metrics ----

async function renderMetrics() {
  const data = await getJson("/api/metrics" + query());
  $("metrics-count").textContent = data.matched + " series" + (data.matched > data.series.length ? ", " + data.series.length + " shown" : "");
  noteServices(data.series.map((s) => s.service));
  $("metrics-rows").replaceChildren(...data.series.map((s) => {
    const row = el("tr", { testid: "metric-row", "data-series-id": s.id, onclick: () => { location.hash = "#/metrics/" + s.id; } },
      el("td", { testid: "metric-name" }, s.name),
      el("td", null, s.service),
      el("td", null, s.type + (s.monotonic ? " (monotonic)" : "")),
      el("td", null, s.temporality),
      el("td", null, s.unit),
      el("td", { class: "mono" }, attributesText(s.attributes)),
      el("td", { class: "num", testid: "metric-latest" }, valueText(s.latest.value) + (s.latest.count !== undefined ? " (n=" + s.latest.count + ")" : "")),
      el("td", { class: "num" }, s.pointCount));
    if (s.id === state.seriesId) row.classList.add("selected");
    return row;
  }));
  if (state.seriesId) await renderSeries(state.seriesId);
  else $("metric-detail").hidden = true;
}

async function renderSeries(id) {
  let series;
  try {
    series = await getJson("/api/metrics/" + encodeURIComponent(id));
  } catch (error) {
    $("metric-detail").hidden = false;
    $("metric-title").textContent = error.message;
    $("metric-chart").replaceChildren();
    return;
  }
  $("metric-detail").hidden = false;
  $("metric-title").textContent = series.name + " " + attributesText(series.attributes) + " — " + series.service;
  const points = series.points.filter((p) => typeof p.value === "number");
  const svg = $("metric-chart");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  if (points.length === 0) { $("metric-range").textContent = "no numeric points"; return; }
  const t0 = points[0].timeMs, t1 = points[points.length - 1].timeMs;
  let lo = Math.min(...points.map((p) => p.value)), hi = Math.max(...points.map((p) => p.value));
  if (hi === lo) { hi += 1; lo -= 1; }
  const x = (t) => (t1 === t0 ? 300 : 10 + (t - t0) / (t1 - t0) * 580);
  const y = (v) => 190 - (v - lo) / (hi - lo) * 180;
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", points.map((p) => x(p.timeMs).toFixed(1) + "," + y(p.value).toFixed(1)).join(" "));
  svg.append(line);
  for (const p of points) {
    const dot = document.createElementNS(ns, "circle");
    dot.setAttribute("cx", x(p.timeMs).toFixed(1));
    dot.setAttribute("cy", y(p.value).toFixed(1));
    dot.setAttribute("r", "2.5");
    dot.dataset.testid = "metric-point";
    svg.append(dot);
  }
  $("metric-range").textContent = points.length + " point(s) from " + time(t0) + " to " + time(t1) + ", min " + Math.min(...points.map((p) => p.value)) + ", max " + Math.max(...points.map((p) => p.value)) + (series.unit ? " " + series.unit : "");
}

// ---- pipelines ----

function labelText(labels, kind) {
  const rest = Object.entries(labels).filter(([key]) => key !== kind).map(([key, value]) => key + "=" + value);
  return rest.length ? " {" + rest.join(", ") + "}" : "";
}

// The last reading of each counter shown, so a redraw can show its rate.
const lastCounts = new Map();

// Gauges shown as a fill: [level, bound, caption].
const fills = [
  ["otelcol_exporter_queue_size", "otelcol_exporter_queue_capacity", "queue"],
  ["otelcol_processor_batch_buffered_items", "otelcol_processor_batch_buffer_capacity_items", "batch buffer"],
  ["minicollector_processor_memory_limiter_heap_bytes", "minicollector_processor_memory_limiter_soft_limit_bytes", "heap of soft limit"],
];
const fillNames = new Set(fills.flatMap(([level, bound]) => [level, bound]));

function number(n) {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(n < 10 ? 2 : 1);
}

function rateOf(key, value, now) {
  const previous = lastCounts.get(key);
  lastCounts.set(key, { value, at: now });
  if (!previous || now <= previous.at || value < previous.value) return null;
  return (value - previous.value) / ((now - previous.at) / 1000);
}

function sameLabelsBut(a, b, except) {
  const keys = (labels) => Object.keys(labels).filter((k) => k !== except).sort();
  const ka = keys(a);
  return ka.length === keys(b).length && ka.every((k) => a[k] === b[k]);
}

// One component: its counters (with a rate, and under refusals and drops their reasons), its fills, its state.
function componentLines(pipeline, kind, id, metrics, now) {
  const lines = [];
  const shortName = (name) => name.replace(/^(otelcol|minicollector)_(receiver|processor|exporter)_/, "");
  for (const m of metrics.filter((x) => x.name.startsWith("otelcol_") && !fillNames.has(x.name))) {
    // A component in several pipelines (the batch processor's series add up across them) is drawn once in each.
    const rate = m.counter ? rateOf(pipeline + "|" + kind + "/" + id + "|" + m.name + "|" + JSON.stringify(m.labels), m.value, now) : null;
    lines.push(el("div", { class: "count", testid: "component-metric", "data-metric": m.name },
      shortName(m.name) + labelText(m.labels, kind) + " ", el("span", { testid: "metric-value" }, number(m.value)),
      rate === null ? null : el("span", { class: "rate", testid: "component-rate" }, " · " + number(rate) + "/s")));
    const breakdown = "minicollector_" + m.name.slice("otelcol_".length);
    for (const r of metrics.filter((x) => x.name === breakdown && sameLabelsBut(x.labels, m.labels, "reason"))) {
      lines.push(el("div", { class: "count reason", testid: "component-reason", "data-metric": r.name, "data-reason": r.labels.reason },
        "↳ " + r.labels.reason + " " + number(r.value)));
    }
  }
  for (const [levelName, boundName, caption] of fills) {
    const level = metrics.find((x) => x.name === levelName);
    const bound = metrics.find((x) => x.name === boundName);
    if (!level || !bound) continue;
    const text = levelName.endsWith("_bytes") ? bytes(level.value) + " / " + bytes(bound.value) : number(level.value) + " / " + number(bound.value);
    lines.push(el("div", { class: "count fill", testid: "component-fill", "data-fill": caption },
      caption + " ", el("meter", { min: "0", max: String(Math.max(bound.value, 1)), value: String(level.value) }), " " + text));
  }
  const refusing = metrics.find((x) => x.name === "minicollector_processor_memory_limiter_refusing");
  if (refusing) {
    lines.push(el("div", { class: "count state" + (refusing.value ? " err" : ""), testid: "component-state" },
      refusing.value ? "refusing data (heap above the soft limit)" : "accepting data"));
  }
  for (const m of metrics.filter((x) => x.name.startsWith("minicollector_") && !x.labels.reason && !fillNames.has(x.name) && x !== refusing)) {
    lines.push(el("div", { class: "count", testid: "component-metric", "data-metric": m.name }, shortName(m.name) + " " + number(m.value)));
  }
  return lines;
}

async function renderPipelines() {
  const data = await getJson("/api/pipelines");
  const now = Date.now();
  // Each pipeline shows the series of its own signal and those of no signal (a queue, a buffer, a state).
  const ofSignal = (name, suffix) => name.endsWith("_" + suffix) || !data.signal_suffixes.some((s) => name.endsWith("_" + s));
  // A stage lists [kind, id] pairs: a connector sits among the receivers of the pipelines it feeds and the exporters of those feeding it.
  const stage = (pipeline, members, suffix) => el("div", { class: "stage" }, ...members.map(([kind, id]) => {
    const metrics = (data.components[kind + "/" + id] || []).filter((m) => ofSignal(m.name, suffix));
    return el("span", { class: "component " + kind, "data-component": id }, el("span", { testid: "pipeline-" + kind }, id), ...componentLines(pipeline, kind, id, metrics, now));
  }));
  const of = (kind, ids) => ids.map((id) => [kind, id]);
  $("pipelines").replaceChildren(...data.pipelines.map((p) => {
    const parts = [el("div", { class: "pipeline-name" }, p.name), stage(p.name, [...of("receiver", p.receivers), ...of("connector", p.connectors_in)], p.telemetry_suffix)];
    for (const id of p.processors) parts.push(el("span", { class: "arrow" }, "→"), stage(p.name, of("processor", [id]), p.telemetry_suffix));
    parts.push(el("span", { class: "arrow" }, "→"), stage(p.name, [...of("exporter", p.exporters), ...of("connector", p.connectors_out)], p.telemetry_suffix));
    return el("div", { class: "pipeline", testid: "pipeline", "data-pipeline": p.name }, ...parts);
  }));
}

// ---- service ----

function uptimeText(seconds) {
  const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
  return (d ? d + "d " : "") + (d || h ? h + "h " : "") + (d || h || m ? m + "m " : "") + s + "s";
}

async function renderService() {
  const data = await getJson("/api/service");
  $("service-version").textContent = data.command + " " + data.version;
  $("service-runtime").textContent = data.runtime;
  $("service-start").textContent = new Date(data.startTimeMs).toLocaleString([], { hour12: false });
  $("service-uptime").textContent = uptimeText(data.uptimeSeconds);
  $("service-sources").textContent = data.configSources.join(", ");
  const r = data.reload;
  $("service-reload").textContent = r
    ? (r.succeeded ? "succeeded" : "failed") + " at " + new Date(r.atMs).toLocaleString([], { hour12: false })
      + " (" + r.count + " reload(s), " + r.failures + " failed): " + r.summary
    : "none since start";
  $("service-extensions").replaceChildren(...data.extensions.map((e) =>
    el("tr", { testid: "service-extension" }, el("td", { class: "mono" }, e.id), el("td", null, e.type), el("td", null, e.stability))));
  $("service-components").replaceChildren(...data.components.map((c) =>
    el("tr", { testid: "service-component", "data-kind": c.kind },
      el("td", null, c.kind), el("td", { class: "mono" }, c.id), el("td", null, c.type), el("td", null, c.stability))));
  $("service-config").textContent = data.config;
}

// ---- shell ----

async function renderStatus() {
  const s = await getJson("/api/status");
  const b = s.buffers;
  const capture = s.capturing ? "capturing since " + time(s.captureStartedMs) : "not capturing";
  $("status").textContent = capture + " · traces " + bytes(b.traces.usedBytes) + "/" + bytes(b.traces.capacityBytes)
    + " · metrics " + bytes(b.metrics.usedBytes) + "/" + bytes(b.metrics.capacityBytes)
    + " · logs " + bytes(b.logs.usedBytes) + "/" + bytes(b.logs.capacityBytes);
}

let rendering = null;
let again = false;

// One render at a time; updates that arrive meanwhile are folded into one more render.
async function render() {
  if (rendering) { again = true; return rendering; }
  rendering = (async () => {
    do {
      again = false;
      try {
        if (state.view === "traces") await renderTraces();
        else if (state.view === "logs") await renderLogs();
        else if (state.view === "metrics") await renderMetrics();
        else if (state.view === "service") await renderService();
        else await renderPipelines();
        await renderStatus();
        showError(null);
      } catch (error) {
        showError(error);
      }
    } while (again);
    rendering = null;
  })();
  return rendering;
}

const VIEWS = ["traces", "logs", "metrics", "pipelines", "service"];
const FILTERED_VIEWS = ["traces", "logs", "metrics"];

function route() {
  const parts = location.hash.replace(/^#\/?/, "").split("/");
  state.view = VIEWS.includes(parts[0]) ? parts[0] : "traces";
  const nextTrace = state.view === "traces" && parts[1] ? parts[1] : null;
  if (nextTrace !== state.traceId) state.spanId = null;
  state.traceId = nextTrace;
  state.seriesId = state.view === "metrics" && parts[1] ? parts[1] : null;
  for (const view of VIEWS) $("view-" + view).hidden = view !== state.view;
  $("filters").hidden = !FILTERED_VIEWS.includes(state.view);
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("active", link.dataset.view === state.view);
  for (const node of document.querySelectorAll("[class*='only-']")) {
    node.hidden = !node.className.split(" ").includes("only-" + state.view);
  }
  render();
}

function readFilters() {
  const form = new FormData($("filters"));
  state.filters = {};
  for (const [key, value] of form.entries()) {
    const text = String(value).trim();
    if (text) state.filters[key] = text;
  }
}

function connectLive() {
  const source = new EventSource("/api/live");
  source.addEventListener("open", () => { $("live").textContent = "live"; $("live").classList.add("on"); });
  source.addEventListener("error", () => { $("live").textContent = "reconnecting"; $("live").classList.remove("on"); });
  source.addEventListener("update", () => {
    $("live").dataset.updates = String(Number($("live").dataset.updates || "0") + 1);
    if (!state.paused) render();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); readFilters(); render(); });
  $("clear-filters").addEventListener("click", () => { $("filters").reset(); readFilters(); render(); });
  $("pause").addEventListener("click", () => {
    state.paused = !state.paused;
    $("pause").textContent = state.paused ? "Resume" : "Pause";
    $("pause").classList.toggle("paused", state.paused);
    if (!state.paused) render();
  });
  window.addEventListener("hashchange", route);
  route();
  connectLive();
  // Refusals and drops change no buffer, so the live stream does not announce them: the pipelines view also redraws
  // on its own, which gives its rates a steady interval.
  setInterval(() => { if (state.view === "pipelines" && !state.paused) render(); }, PipelinesRefreshMs);
});
