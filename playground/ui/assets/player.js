// The run, played in the browser: no message to the server per frame.
//
// Streamlit mounts this (a components.v2 component) with `data`: the frames
// (iteration, weight, bias, loss, log-spaced so the first steps show), the
// data points, the fixed lines, axis ranges, colours and the words to show.
// It draws the article's picture in SVG and moves the "now" line through the
// frames at `fps` frames a second, times the chosen speed.

const SVG = "http://www.w3.org/2000/svg";
const W = 960, H = 450;
const PLOT = { left: 70, right: 940, top: 16, bottom: 300 };
const SPARK = { top: 378, bottom: 440 };

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function niceTicks(lo, hi, count) {
  const span = hi - lo;
  const raw = span / Math.max(count, 1);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) {
    out.push(Math.abs(v) < 1e-12 * span ? 0 : v);
  }
  return out;
}

function build(root, data) {
  const t = data.text;
  // Numbers as the page writes them (Python's "g"): the page's decimal sign and
  // thousands separator (0,0009 and 10 000 in Spanish), and in powers of ten
  // below 1e-4 or from 1e5 up (2,2848e-13, 1,5228e18), never 1,522,800,000,….
  const sep = (text) => text.replace(/[.,]/g, (c) => (c === "." ? data.decimal : data.group));
  const fmt = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 5 });
  const sci = new Intl.NumberFormat("en-US", { notation: "scientific", maximumSignificantDigits: 5 });
  const num = (v) => {
    const a = Math.abs(v);
    return sep(v !== 0 && (a < 1e-4 || a >= 1e5) ? sci.format(v).replace("E", "e") : fmt.format(v));
  };
  const whole = { format: (v) => sep(fmt.format(v)) };
  root.replaceChildren();
  root.setAttribute("lang", data.lang);

  const sx = (c) => PLOT.left + ((c - data.x[0]) / (data.x[1] - data.x[0])) * (PLOT.right - PLOT.left);
  const sy = (f) => PLOT.bottom - ((f - data.y[0]) / (data.y[1] - data.y[0])) * (PLOT.bottom - PLOT.top);

  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": t.alt, class: "np-svg" }, root);
  const defs = el("defs", {}, svg);
  const clip = el("clipPath", { id: `np-clip-${data.id}` }, defs);
  el("rect", { x: PLOT.left, y: PLOT.top, width: PLOT.right - PLOT.left, height: PLOT.bottom - PLOT.top }, clip);

  // axes and grid
  for (const v of niceTicks(data.x[0], data.x[1], 8)) {
    el("line", { x1: sx(v), x2: sx(v), y1: PLOT.top, y2: PLOT.bottom, class: "np-grid" }, svg);
    el("text", { x: sx(v), y: PLOT.bottom + 20, class: "np-tick", "text-anchor": "middle" }, svg).textContent = whole.format(v);
  }
  for (const v of niceTicks(data.y[0], data.y[1], 6)) {
    el("line", { x1: PLOT.left, x2: PLOT.right, y1: sy(v), y2: sy(v), class: "np-grid" }, svg);
    el("text", { x: PLOT.left - 8, y: sy(v) + 5, class: "np-tick", "text-anchor": "end" }, svg).textContent = whole.format(v);
  }
  el("text", { x: (PLOT.left + PLOT.right) / 2, y: PLOT.bottom + 42, class: "np-axis", "text-anchor": "middle" }, svg).textContent = t.celsius;
  const ylab = el("text", { x: 18, y: (PLOT.top + PLOT.bottom) / 2, class: "np-axis", "text-anchor": "middle", transform: `rotate(-90 18 ${(PLOT.top + PLOT.bottom) / 2})` }, svg);
  ylab.textContent = t.fahrenheit;

  const plot = el("g", { "clip-path": `url(#np-clip-${data.id})` }, svg);
  data.points.celsius.forEach((c, i) => {
    el("circle", { cx: sx(c), cy: sy(data.points.fahrenheit[i]), r: 3, class: "np-point" }, plot);
  });
  const line = (w, b, style) => {
    const x0 = data.x[0], x1 = data.x[1];
    return el("line", { x1: sx(x0), y1: sy(w * x0 + b), x2: sx(x1), y2: sy(w * x1 + b), stroke: style.color, "stroke-dasharray": style.dash, class: "np-line" }, plot);
  };
  line(data.actual[0], data.actual[1], data.style.actual);
  line(data.before[0], data.before[1], data.style.before);
  const now = line(data.frames.weight[0], data.frames.bias[0], data.style.now);
  now.classList.add("np-now");

  // legend
  const legend = el("g", { class: "np-legend" }, svg);
  [["actual", t.actual], ["before", t.before], ["now", t.now]].forEach(([role, label], i) => {
    const x = PLOT.left + 10 + i * 250, y = PLOT.top + 16;
    el("line", { x1: x, x2: x + 34, y1: y, y2: y, stroke: data.style[role].color, "stroke-dasharray": data.style[role].dash, class: "np-line" }, legend);
    el("text", { x: x + 42, y: y + 5, class: "np-legend-text" }, legend).textContent = label;
  });

  // the loss over the frames (log scale), with a cursor
  const losses = data.frames.loss.map((v) => Math.log10(Math.max(v, 1e-30)));
  const lo = Math.min(...losses), hi = Math.max(...losses);
  const n = losses.length;
  const fx = (i) => PLOT.left + (n > 1 ? i / (n - 1) : 0) * (PLOT.right - PLOT.left);
  const fy = (v) => SPARK.bottom - (hi > lo ? (v - lo) / (hi - lo) : 0.5) * (SPARK.bottom - SPARK.top);
  el("text", { x: PLOT.left, y: SPARK.top - 8, class: "np-axis" }, svg).textContent = t.loss_strip;
  el("polyline", { points: losses.map((v, i) => `${fx(i)},${fy(v)}`).join(" "), class: "np-spark", stroke: data.style.loss.color }, svg);
  const cursor = el("circle", { r: 6, class: "np-cursor", fill: data.style.now.color }, svg);

  // controls
  const bar = document.createElement("div");
  bar.className = "np-controls";
  const play = document.createElement("button");
  play.type = "button";
  play.className = "np-play";
  const speedLabel = document.createElement("label");
  speedLabel.textContent = t.speed + " ";
  const speed = document.createElement("select");
  for (const s of data.speeds) {
    const o = document.createElement("option");
    o.value = String(s);
    o.textContent = `${num(s)}×`;
    if (s === 1) o.selected = true;
    speed.appendChild(o);
  }
  speedLabel.appendChild(speed);
  const scrubLabel = document.createElement("label");
  scrubLabel.className = "np-scrub-label";
  const scrubName = document.createElement("span");
  scrubName.className = "np-sr";  // the counter beside it says the same, visibly
  scrubName.textContent = t.frame;
  scrubLabel.appendChild(scrubName);
  const scrub = document.createElement("input");
  scrub.type = "range";
  scrub.min = "0";
  scrub.max = String(n - 1);
  scrub.step = "1";
  scrubLabel.appendChild(scrub);
  const counter = document.createElement("span");
  counter.className = "np-counter";
  bar.append(play, speedLabel, scrubLabel, counter);
  // Controls first: on a 1280×720 projector Play is on the first screen.
  root.prepend(bar);

  const state = { frame: n - 1, playing: false, handle: 0, last: 0, carry: 0 };

  function show(i) {
    state.frame = i;
    const w = data.frames.weight[i], b = data.frames.bias[i];
    const x0 = data.x[0], x1 = data.x[1];
    now.setAttribute("y1", sy(w * x0 + b));
    now.setAttribute("y2", sy(w * x1 + b));
    cursor.setAttribute("cx", fx(i));
    cursor.setAttribute("cy", fy(losses[i]));
    scrub.value = String(i);
    const it = whole.format(data.frames.iteration[i]);
    scrub.setAttribute("aria-valuetext", `${t.iteration} ${it}`);
    counter.textContent = `${t.iteration} ${it} / ${whole.format(data.iterations)} · ${t.loss} ${num(data.frames.loss[i])}`;
  }

  function label() {
    play.textContent = state.playing ? t.pause : t.play;
    play.setAttribute("aria-pressed", state.playing ? "true" : "false");
  }

  function tick(time) {
    if (!state.playing) return;
    const dt = state.last ? (time - state.last) / 1000 : 0;
    state.last = time;
    state.carry += dt * data.fps * Number(speed.value);
    const steps = Math.floor(state.carry);
    state.carry -= steps;
    const next = Math.min(n - 1, state.frame + steps);
    if (next !== state.frame) show(next);
    if (next >= n - 1) {
      state.playing = false;
      label();
      return;
    }
    state.handle = requestAnimationFrame(tick);
  }

  play.addEventListener("click", () => {
    state.playing = !state.playing;
    if (state.playing) {
      if (state.frame >= n - 1) show(0);
      state.last = 0;
      state.carry = 0;
      state.handle = requestAnimationFrame(tick);
    } else {
      cancelAnimationFrame(state.handle);
    }
    label();
  });
  scrub.addEventListener("input", () => {
    state.playing = false;
    cancelAnimationFrame(state.handle);
    label();
    show(Number(scrub.value));
  });

  label();
  show(n - 1);
  return () => cancelAnimationFrame(state.handle);
}

export default function (component) {
  const { parentElement } = component;
  // The page sends the frames as JSON text, serialized once on the server.
  const data = typeof component.data === "string" ? JSON.parse(component.data) : component.data;
  let root = parentElement.querySelector(".np-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "np-root";
    parentElement.appendChild(root);
  }
  if (root.npStop) root.npStop();
  root.npStop = build(root, data);
  return () => root.npStop && root.npStop();
}
