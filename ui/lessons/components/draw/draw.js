// "Draw your own" data set: click or tap the plane to add a point of the chosen class, drag to spray several,
// erase, clear. Points live on [-1, 1]² and travel as 3 base64url characters each (class, x, y on a 128-step
// grid), the same code ui/owndata.py reads, so a drawing fits in a link. The server is told only when a
// stroke ends (or, from the keyboard, 0.4 s after the last key), never once per point.
// Keyboard: the plane takes focus; arrows move a cross, Enter or Space adds a point there, Delete erases the
// nearest point, 0-4 pick the class (numbered as the decision-region legend numbers them).

const EDITORS = new WeakMap();
// The drawing outlives its editor: Streamlit may mount the component afresh on a rerun (a page whose layout
// changed), and the server's copy can be a stroke behind. Same revision as the server's: keep the local points.
const KEPT = { rev: null, pts: null };
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const STEPS = 127;
const SPRAY = 0.07;       // spray radius (plane units)
const ERASE = 0.08;       // eraser radius
const KEY_STEP = 0.05;    // a keyboard move

function decode(s) {
  const pts = [];
  for (let i = 0; i + 2 < s.length; i += 3) {
    const v = (B64.indexOf(s[i]) << 12) | (B64.indexOf(s[i + 1]) << 6) | B64.indexOf(s[i + 2]);
    pts.push({ c: v >> 14, x: ((v >> 7) & 127) / STEPS * 2 - 1, y: (v & 127) / STEPS * 2 - 1 });
  }
  return pts;
}

function encode(pts) {
  let s = "";
  for (const p of pts) {
    const q = (t) => Math.max(0, Math.min(STEPS, Math.round((t + 1) / 2 * STEPS)));
    const v = (p.c << 14) | (q(p.x) << 7) | q(p.y);
    s += B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
  }
  return s;
}

// One shape per class as well as a colour: colour is never the only cue.
function shapePath(ctx, k, x, y, r) {
  ctx.beginPath();
  if (k === 0) ctx.arc(x, y, r, 0, 2 * Math.PI);
  else if (k === 1) ctx.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
  else if (k === 2) { ctx.moveTo(x, y - r * 1.15); ctx.lineTo(x + r * 1.05, y + r * 0.8); ctx.lineTo(x - r * 1.05, y + r * 0.8); ctx.closePath(); }
  else if (k === 3) { ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.2, y); ctx.lineTo(x, y + r * 1.2); ctx.lineTo(x - r * 1.2, y); ctx.closePath(); }
  else { const a = r * 0.45; ctx.moveTo(x - a, y - r); ctx.lineTo(x + a, y - r); ctx.lineTo(x + a, y - a); ctx.lineTo(x + r, y - a);
    ctx.lineTo(x + r, y + a); ctx.lineTo(x + a, y + a); ctx.lineTo(x + a, y + r); ctx.lineTo(x - a, y + r); ctx.lineTo(x - a, y + a);
    ctx.lineTo(x - r, y + a); ctx.lineTo(x - r, y - a); ctx.lineTo(x - a, y - a); ctx.closePath(); }
}

function icon(k, color) {
  const c = document.createElement("canvas");
  c.width = c.height = 32;
  const ctx = c.getContext("2d");
  shapePath(ctx, k, 16, 16, 11);
  ctx.fillStyle = color; ctx.fill(); ctx.lineWidth = 2; ctx.strokeStyle = "#1a1a1a"; ctx.stroke();
  const img = document.createElement("img");
  img.src = c.toDataURL(); img.alt = ""; img.width = img.height = 16;
  return img;
}

class Editor {
  constructor(root) {
    this.el = root.querySelector(".draw");
    this.q = (s) => this.el.querySelector(s);
    this.canvas = this.q("canvas");
    this.pts = []; this.rev = -1; this.cls = 0; this.mode = "add"; this.cursor = { x: 0, y: 0 };
    this.showCursor = false; this.down = false; this.timer = 0; this.sent = null;
    this.q(".clear").onclick = () => { this.pts = []; this.changed(); };
    const c = this.canvas;
    c.addEventListener("pointerdown", (e) => { c.setPointerCapture(e.pointerId); this.down = true; this.stroke(e, true); });
    c.addEventListener("pointermove", (e) => { if (this.down) this.stroke(e, false); });
    const end = () => { if (this.down) { this.down = false; this.changed(); } };
    c.addEventListener("pointerup", end);
    c.addEventListener("pointercancel", end);
    c.addEventListener("focus", () => { this.showCursor = true; this.draw(); });
    c.addEventListener("blur", () => { this.showCursor = false; this.draw(); });
    c.addEventListener("keydown", (e) => this.key(e));
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(c);
  }

  update(data, setStateValue) {
    this.set = setStateValue;
    const d = this.d = data;
    this.max = d.max;
    if (d.rev !== this.rev) {           // the server replaced the drawing (a start shape, a link, a reset)
      const kept = this.rev === -1 && KEPT.rev === d.rev && KEPT.key === d.key;
      this.rev = d.rev;
      this.pts = kept ? KEPT.pts.slice() : decode(d.pts || "");
      this.sent = kept ? encode(this.pts) : d.pts || "";
      if (kept && this.sent !== (d.pts || "")) this.set("points", this.sent);
    }
    this.cls = Math.min(this.cls, d.n_classes - 1);
    this.c.setAttribute("aria-label", d.labels.plane);
    this.q(".clear").textContent = d.labels.clear;
    this.q(".hint").textContent = d.labels.hint;
    this.q(".classes").setAttribute("aria-label", d.labels.classes);
    this.q(".modes").setAttribute("aria-label", d.labels.mode);
    this.buildButtons();
    this.draw();
  }

  get c() { return this.canvas; }

  buildButtons() {
    const d = this.d;
    const classes = this.q(".classes");
    classes.replaceChildren();
    for (let k = 0; k < d.n_classes; k++) {
      const b = document.createElement("button");
      b.type = "button"; b.setAttribute("aria-pressed", String(k === this.cls));
      b.append(icon(k, d.colors[k]), document.createTextNode(d.labels.class_n.replace("{n}", k)));
      b.onclick = () => { this.cls = k; this.buildButtons(); };
      classes.appendChild(b);
    }
    const modes = this.q(".modes");
    modes.replaceChildren();
    for (const m of ["add", "spray", "erase"]) {
      const b = document.createElement("button");
      b.type = "button"; b.setAttribute("aria-pressed", String(m === this.mode));
      b.textContent = d.labels[m];
      b.onclick = () => { this.mode = m; this.buildButtons(); };
      modes.appendChild(b);
    }
  }

  toPlane(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * 2 - 1, y: 1 - ((e.clientY - r.top) / r.height) * 2 };
  }

  add(x, y) {
    if (this.pts.length >= this.max || Math.abs(x) > 1 || Math.abs(y) > 1) return false;
    this.pts.push({ c: this.cls, x, y });
    return true;
  }

  erase(x, y) {
    const n = this.pts.length;
    this.pts = this.pts.filter((p) => Math.hypot(p.x - x, p.y - y) > ERASE);
    return this.pts.length !== n;
  }

  // the keyboard erases one point: the nearest within the eraser's reach of the cross
  eraseNearest(x, y) {
    let best = -1, bestD = ERASE;
    this.pts.forEach((p, i) => { const d = Math.hypot(p.x - x, p.y - y); if (d <= bestD) { best = i; bestD = d; } });
    if (best >= 0) this.pts.splice(best, 1);
    return best >= 0;
  }

  stroke(e, first) {
    const { x, y } = this.toPlane(e);
    this.cursor = { x, y };
    if (this.mode === "erase") this.erase(x, y);
    else if (this.mode === "spray") {
      for (let i = 0; i < 3; i++) {
        const a = Math.random() * 2 * Math.PI, r = SPRAY * Math.sqrt(Math.random());
        this.add(x + r * Math.cos(a), y + r * Math.sin(a));
      }
    } else if (first) this.add(x, y);
    this.draw();
  }

  key(e) {
    const k = e.key;
    let handled = true, edit = false;
    if (k === "ArrowLeft") this.cursor.x = Math.max(-1, this.cursor.x - KEY_STEP);
    else if (k === "ArrowRight") this.cursor.x = Math.min(1, this.cursor.x + KEY_STEP);
    else if (k === "ArrowUp") this.cursor.y = Math.min(1, this.cursor.y + KEY_STEP);
    else if (k === "ArrowDown") this.cursor.y = Math.max(-1, this.cursor.y - KEY_STEP);
    else if (k === "Enter" || k === " ") edit = this.add(this.cursor.x, this.cursor.y);
    else if (k === "Delete" || k === "Backspace") edit = this.eraseNearest(this.cursor.x, this.cursor.y);
    else if (/^[0-4]$/.test(k) && +k < this.d.n_classes) { this.cls = +k; this.buildButtons(); }
    else handled = false;
    if (!handled) return;
    e.preventDefault();
    this.draw();
    if (edit) { this.announce(); clearTimeout(this.timer); this.timer = setTimeout(() => this.changed(), 400); }
  }

  announce() {
    const counts = new Array(this.d.n_classes).fill(0);
    for (const p of this.pts) if (p.c < counts.length) counts[p.c]++;
    this.q(".live-region").textContent = this.d.labels.count.replace("{n}", this.pts.length)
      + " (" + counts.map((n, k) => this.d.labels.class_n.replace("{n}", k) + ": " + n).join(", ") + ")";
  }

  changed() {
    clearTimeout(this.timer);
    this.draw();
    this.announce();
    const s = encode(this.pts);
    Object.assign(KEPT, { rev: this.rev, key: this.d.key, pts: this.pts.slice() });
    if (s !== this.sent) { this.sent = s; this.set("points", s); }
  }

  draw() {
    const c = this.canvas, d = this.d;
    if (!d) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(c.clientWidth * dpr)), h = Math.max(1, Math.round(c.clientHeight * dpr));
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext("2d");
    ctx.clearRect(0, 0, w, h);
    const X = (x) => (x + 1) / 2 * w, Y = (y) => (1 - y) / 2 * h;
    ctx.strokeStyle = "#d5d9e0"; ctx.lineWidth = dpr;
    for (let g = -1; g <= 1.001; g += 0.5) {
      ctx.beginPath(); ctx.moveTo(X(g), 0); ctx.lineTo(X(g), h); ctx.moveTo(0, Y(g)); ctx.lineTo(w, Y(g)); ctx.stroke();
    }
    const r = Math.max(4, w / 90);
    for (const p of this.pts) {
      shapePath(ctx, p.c, X(p.x), Y(p.y), r);
      ctx.fillStyle = d.colors[p.c] || "#777"; ctx.fill();
      ctx.lineWidth = dpr; ctx.strokeStyle = "#1a1a1a"; ctx.stroke();
    }
    if (this.showCursor) {
      const cx = X(this.cursor.x), cy = Y(this.cursor.y);
      ctx.strokeStyle = "#1a1a1a"; ctx.lineWidth = 2 * dpr;
      ctx.beginPath(); ctx.moveTo(cx - 3 * r, cy); ctx.lineTo(cx + 3 * r, cy); ctx.moveTo(cx, cy - 3 * r); ctx.lineTo(cx, cy + 3 * r); ctx.stroke();
    }
    this.q(".count").textContent = d.labels.count.replace("{n}", this.pts.length) + " / " + d.max;
    this.el.dataset.points = String(this.pts.length);
  }
}

export default function (component) {
  const { parentElement, data, setStateValue } = component;
  let ed = EDITORS.get(parentElement);
  if (!ed) { ed = new Editor(parentElement); EDITORS.set(parentElement, ed); }
  ed.update(data, setStateValue);
  return () => setTimeout(() => {
    const host = parentElement.host || parentElement;
    if (!host.isConnected) { ed.resize.disconnect(); EDITORS.delete(parentElement); }
  }, 0);
}
