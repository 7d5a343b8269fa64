// The live-training player: plays chunks of training snapshots in the browser, one canvas draw per animation
// frame, and talks to the server only to ask for the next chunk (once per chunk, as soon as it starts playing
// the last one it has) or to continue from the iteration on screen after a learning-rate/regularisation change.
// Streamlit calls the default export again with new `data` on every change, with the same parentElement:
// one Player per parentElement keeps the DOM (and full screen) alive across updates.

const PLAYERS = new WeakMap();
const BASE = 60;                       // iterations per second at 1x
const SPEEDS = [0.25, 0.5, 1, 2, 4];
const DTYPES = { f4: Float32Array, u1: Uint8Array, u2: Uint16Array, i4: Int32Array };
const LEVELS = 16;
const SAY_EVERY_MS = 15000;            // the live region speaks a few times a minute while playing, and on pause
const STEP_MS = 1000;                  // prefers-reduced-motion: one step a second instead of an animation
const SHAPES = ["circle", "square", "triangle", "diamond", "cross"];   // class markers: colour is not the only cue
// (the same five shapes, in the same order, as the drawing editor's: ui/components/draw/draw.js)

function unpack(p) {
  const bin = atob(p.b);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new DTYPES[p.t](bytes.buffer);
}

function hexRgb(h) {
  const n = parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function fmt(v) {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e5) return String(v);
  return a >= 1000 || a < 0.01 ? v.toExponential(0).replace("e+", "e") : String(+v.toPrecision(3));
}

function niceCeil(v) {
  // the next of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 × a power of ten at or above v
  const e = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * e >= v - 1e-12) return m * e;
  return 10 * e;
}

function decodeChunk(c) {
  const out = { start: c.start, stop: c.stop, lr: c.lr, reg: c.reg, diverged_at: c.diverged_at };
  for (const k of ["loss", "ratio", "snap_iter", "train_acc", "val_acc", "hist", "inactive", "grid", "digit_pred",
    "confusion"]) {
    if (c[k]) { out[k] = unpack(c[k]); out[k + "_n"] = c[k].n; }
  }
  return out;
}

class Player {
  constructor(root) {
    this.host = root;
    this.el = root.querySelector(".live");
    this.q = (s) => this.el.querySelector(s);
    this.canvases = {
      main: this.q(".main canvas"), loss: this.q(".loss canvas"), acc: this.q(".acc canvas"),
      hist: this.q(".hist canvas"), ratio: this.q(".ratio canvas"),
    };
    this.run = null; this.chunks = []; this.pos = 0; this.playing = false; this.speed = 1; this.frames = 0;
    this.asked = -1; this.branchAsked = -1; this.seq = 0; this.hold = false; this.raf = 0; this.last = 0;
    this.offscreen = document.createElement("canvas");
    this.lastSaid = 0;
    const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
    this.reduced = !!(motion && motion.matches);
    if (motion && motion.addEventListener) motion.addEventListener("change", (e) => { this.reduced = e.matches; });
    this.q(".play").onclick = () => this.toggle();
    this.q(".fs").onclick = () => this.fullscreen();
    const scrub = this.q(".scrub");
    scrub.oninput = () => { this.pos = +scrub.value; this.draw(); };
    const speeds = this.q(".speeds");
    for (const s of SPEEDS) {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = `${s}×`; b.dataset.speed = String(s);
      b.setAttribute("aria-pressed", "false");
      b.onclick = () => { this.speed = s; this.syncControls(); };
      speeds.appendChild(b);
    }
    // keyboard, once the player has focus: space plays/pauses, arrows step 5 iterations while paused
    this.el.tabIndex = 0;
    this.el.addEventListener("keydown", (e) => {
      if (e.target !== this.el) return;          // buttons and the slider handle their own keys
      if (e.key === " ") { e.preventDefault(); this.toggle(); }
      else if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && !this.playing) {
        e.preventDefault();
        this.pos = Math.min(Math.max(Math.floor(this.pos) + (e.key === "ArrowRight" ? 5 : -5), this.first()), this.end());
        this.draw();
      }
    });
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.el);
    this.el.liveDebug = () => this.debug();
  }

  // ---- data from the server ------------------------------------------------------------------------------
  update(data, setTriggerValue) {
    this.setTrigger = setTriggerValue;
    // While the server computes the next chunk (a rerun of this fragment) Streamlit marks the element stale
    // and fades it after 0.5 s; the player is still playing data it already has, so it must not fade.
    const host = this.host.host || this.host;
    const box = host.closest && host.closest("[data-testid='stElementContainer']");
    if (box) { box.style.setProperty("opacity", "1", "important"); box.style.setProperty("transition", "none", "important"); }
    const d = this.d = data;
    if (d.run !== this.run) {                  // a new run (first mount, Reset, other settings): start over
      this.run = d.run; this.chunks = []; this.pos = 0; this.playing = false; this.asked = -1;
      this.branchAsked = -1; this.hold = false;
      this.history = unpack(d.history);
      if (d.data.kind === "2d") {
        this.points = { x: unpack(d.data.x), y: unpack(d.data.y), label: unpack(d.data.label) };
      } else {
        this.digits = { pixels: unpack(d.data.pixels), label: unpack(d.data.label), side: d.data.side };
      }
      this.palette = this.makePalette(d.colors.classes);
    }
    for (const raw of d.chunks) {
      const c = decodeChunk(raw);
      this.chunks = this.chunks.filter((x) => x.start < c.start);
      this.chunks.push(c);
    }
    this.rebuild();
    if (this.hold && !d.pending) this.hold = false;    // the continuation arrived
    if (d.pending && this.branchAsked !== d.answered) { // lr/reg changed: continue from the iteration on screen
      this.branchAsked = d.answered;
      this.hold = true;
      this.pos = Math.floor(this.pos);
      this.ask({ kind: "branch", at: Math.floor(this.pos) });
    }
    this.pos = Math.min(Math.max(this.pos, this.first()), this.end());
    this.syncControls();
    this.draw();
    if (this.playing) this.loop();
  }

  ask(msg) {
    this.seq += 1;
    this.setTrigger("ask", { run: this.run, n: this.seq, ...msg });
  }

  rebuild() {
    const cap = this.d.cap;
    this.loss = new Float32Array(cap + 1).fill(NaN);
    this.loss.set(this.history.subarray(0, Math.min(this.history.length, cap)));
    this.r1 = new Float32Array(cap + 1).fill(NaN);
    this.r2 = new Float32Array(cap + 1).fill(NaN);
    this.snaps = [];
    for (const c of this.chunks) {
      for (let i = 0; i < c.loss.length; i++) {
        this.loss[c.start + i] = c.loss[i];
        this.r1[c.start + i] = c.ratio[2 * i];
        this.r2[c.start + i] = c.ratio[2 * i + 1];
      }
      const bins = c.hist_n[1];
      for (let j = 0; j < c.snap_iter.length; j++) {
        const s = { it: c.snap_iter[j], tr: c.train_acc[j], va: c.val_acc[j], inact: c.inactive[j],
          hist: c.hist.subarray(j * bins, (j + 1) * bins) };
        if (c.grid) { const g = c.grid_n[1] * c.grid_n[2]; s.grid = c.grid.subarray(j * g, (j + 1) * g); s.gn = c.grid_n[1]; }
        if (c.digit_pred) { const k = c.digit_pred_n[1]; s.dig = c.digit_pred.subarray(j * k, (j + 1) * k); }
        if (c.confusion) { const k = c.confusion_n[1]; s.conf = c.confusion.subarray(j * k * k, (j + 1) * k * k); }
        if (this.snaps.length && this.snaps[this.snaps.length - 1].it >= s.it) this.snaps.pop();
        this.snaps.push(s);
      }
    }
    const lastC = this.chunks[this.chunks.length - 1];
    this.diverged = lastC && lastC.diverged_at != null ? lastC.diverged_at : null;
  }

  first() { return this.chunks.length ? this.chunks[0].start : 0; }
  end() {
    const c = this.chunks[this.chunks.length - 1];
    if (!c) return 0;
    return c.diverged_at != null ? c.diverged_at : c.stop;
  }

  // ---- playback ---------------------------------------------------------------------------------------------
  toggle() {
    if (!this.playing && this.d.final && this.pos >= this.end()) this.pos = this.first();   // play again
    this.playing = !this.playing;
    this.syncControls();
    if (this.playing) { this.last = performance.now(); this.lastSaid = performance.now(); this.loop(); }
    else this.say(true);
  }

  // the polite live region: iteration, loss and accuracy, every SAY_EVERY_MS while playing and whenever it stops
  say(stopped) {
    const now = performance.now();
    if (!stopped && now - this.lastSaid < SAY_EVERY_MS) return;
    this.lastSaid = now;
    const L = this.d.labels, it = Math.floor(this.pos), sn = this.snapAt(this.pos);
    const acc = (v) => (sn && Number.isFinite(v) ? v.toFixed(2) : "—");
    let text = L.status.replace("{it}", it).replace("{cap}", this.d.cap).replace("{ep}", (this.pos / this.d.ipe).toFixed(1))
      .replace("{loss}", this.emaNow != null ? this.emaNow.toFixed(3) : "—")
      .replace("{train}", acc(sn && sn.a.tr)).replace("{val}", acc(sn && sn.a.va));
    const status = this.q(".status").textContent;
    if (stopped) text = `${status || L.paused} ${text}`;
    this.q(".say").textContent = text;
  }

  // One playback loop: a smooth animation frame by frame, or, under prefers-reduced-motion: reduce, one step a
  // second from snapshot to snapshot with nothing drawn in between (no animation, no interpolated frames).
  loop() {
    if (this.raf) return;
    const schedule = (f) => (this.reduced ? setTimeout(f, STEP_MS / this.speed) : requestAnimationFrame(f));
    const tick = (stamp) => {
      const now = stamp ?? performance.now();   // a timeout passes no timestamp
      this.raf = 0;
      if (!this.playing) return;
      const end = this.end();
      if (!this.hold && this.reduced) {
        const next = this.snaps.find((s) => s.it > this.pos);
        this.pos = Math.min(next ? next.it : this.pos + BASE * this.speed, end);
      } else if (!this.hold) {
        this.pos = Math.min(this.pos + (Math.min(now - this.last, 100) / 1000) * BASE * this.speed, end);
      }
      this.last = now;
      const lastC = this.chunks[this.chunks.length - 1];
      // prefetch: entering the last chunk we have asks for the next one (once per chunk)
      if (lastC && !this.d.final && !this.hold && this.pos >= lastC.start && this.asked !== lastC.stop) {
        this.asked = lastC.stop;
        this.ask({ kind: "next", from: lastC.stop });
      }
      if (this.pos >= end && this.d.final) { this.playing = false; this.syncControls(); }
      this.draw();
      if (this.playing) { this.say(false); this.raf = schedule(tick); }
      else if (this.pos >= end) this.say(true);
    };
    this.raf = schedule(tick);
  }

  fullscreen() {
    const doc = this.el.ownerDocument;
    if (doc.fullscreenElement) doc.exitFullscreen(); else this.el.requestFullscreen().catch(() => {});
  }

  syncControls() {
    const L = this.d.labels;
    this.el.setAttribute("aria-label", L.player);
    this.q(".keys").textContent = L.keys;
    this.q(".keys").id = this.q(".keys").id || `live-keys-${Math.random().toString(36).slice(2)}`;
    this.el.setAttribute("aria-describedby", this.q(".keys").id);
    this.q(".speeds").setAttribute("aria-label", L.speed);
    for (const b of this.q(".speeds").children) b.setAttribute("aria-pressed", String(+b.dataset.speed === this.speed));
    this.q(".play").textContent = this.playing ? `‖ ${L.pause}` : `▶ ${L.play}`;
    this.q(".fs").textContent = L.fullscreen;
    this.q(".fs").title = L.fullscreen;
    for (const b of this.q(".speeds").children) b.classList.toggle("on", +b.dataset.speed === this.speed);
    this.q(".speeds").title = L.speed;
    const scrub = this.q(".scrub");
    scrub.min = this.first(); scrub.max = this.end(); scrub.title = L.scrub;
    scrub.setAttribute("aria-label", L.scrub);
    this.el.dataset.playing = String(this.playing);
  }

  // ---- drawing --------------------------------------------------------------------------------------------
  makePalette(colors) {
    // class c at confidence level l: from a pale tint (chance) to a stronger tint (certain)
    const pal = new Uint8ClampedArray(256 * 3).fill(255);
    colors.forEach((h, c) => {
      const rgb = hexRgb(h);
      for (let l = 0; l < LEVELS; l++) {
        const a = 0.12 + 0.5 * (l / (LEVELS - 1));
        for (let k = 0; k < 3; k++) pal[(c * LEVELS + l) * 3 + k] = Math.round(255 * (1 - a) + rgb[k] * a);
      }
    });
    return pal;
  }

  ctx(name) {
    const cv = this.canvases[name];
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, cv.clientWidth), h = Math.max(1, cv.clientHeight);
    if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
      cv.width = Math.round(w * dpr); cv.height = Math.round(h * dpr);
    }
    const g = cv.getContext("2d");
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, w, h);
    g.font = `${Math.round(15 * this.k)}px ${this.d.colors.font}`;
    return { g, w, h };
  }

  snapAt(pos) {
    // the last snapshot at or before pos, the next one, and how far pos is between them
    const s = this.snaps;
    if (!s.length) return null;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) { const m = (lo + hi + 1) >> 1; if (s[m].it <= pos) lo = m; else hi = m - 1; }
    const a = s[lo], b = s[Math.min(lo + 1, s.length - 1)];
    const f = b.it > a.it ? Math.min(1, Math.max(0, (pos - a.it) / (b.it - a.it))) : 0;
    return { a, b, f, i: lo };
  }

  draw() {
    if (!this.d || !this.chunks.length) return;
    const t0 = performance.now();
    // text and margins grow with the player (full screen on a projector), never below 1×
    this.k = Math.min(2, Math.max(1, this.el.clientWidth / 1000));
    this.el.style.setProperty("--k", String(this.k));
    const pos = this.pos, L = this.d.labels;
    const it = Math.floor(pos);
    this.q(".it").textContent = `${L.iteration} ${it}`;
    this.q(".ep").textContent = `${L.epoch} ${(pos / this.d.ipe).toFixed(1)}`;
    this.q(".scrub").value = String(it);
    this.q(".scrub").setAttribute("aria-valuetext", L.scrub_value.replace("{it}", it));
    const status = this.q(".status");
    let msg = "", bad = false;
    if (this.diverged != null && pos >= this.diverged) { msg = L.diverged.replace("{k}", this.diverged); bad = true; }
    else if (this.hold) msg = L.applying;
    else if (this.playing && pos >= this.end() && !this.d.final) msg = L.computing;
    else if (this.d.final && pos >= this.end()) msg = L.done;
    status.textContent = msg; status.classList.toggle("bad", bad);
    const sn = this.snapAt(pos);
    if (this.d.data.kind === "2d") this.drawRegions(sn); else this.drawDigits(sn);
    this.drawLoss(pos); this.drawAcc(pos); this.drawHist(sn); this.drawRatio(pos);
    this.frames += 1;
    this.drawMs = performance.now() - t0;
    this.el.dataset.frame = String(this.frames);
    this.el.dataset.iteration = String(it);
  }

  title(g, text, x = 6, y = 20 * this.k) {
    // 18px, smaller only when the panel is too narrow for the whole title
    const room = g.canvas.clientWidth - x - 4;
    let size = Math.round(18 * this.k);
    g.save(); g.fillStyle = "#1a1a1a"; g.textBaseline = "alphabetic";
    do { g.font = `600 ${size}px ${this.d.colors.font}`; } while (g.measureText(text).width > room && --size > 11);
    g.fillText(text, x, y); g.restore();
  }

  drawRegions(sn) {
    const { g, w, h } = this.ctx("main");
    this.title(g, this.d.labels.regions_title);
    if (!sn || !sn.a.grid) return;
    const n = sn.a.gn, off = this.offscreen;
    if (off.width !== n) { off.width = n; off.height = n; }
    const og = off.getContext("2d"), img = og.createImageData(n, n), pal = this.palette;
    const A = sn.a.grid, B = sn.b.grid, f = this.reduced ? 0 : sn.f;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const src = r * n + c, dst = ((n - 1 - r) * n + c) * 4;   // grid row 0 is the bottom
        const pa = A[src] * 3, pb = B[src] * 3;
        img.data[dst] = pal[pa] + (pal[pb] - pal[pa]) * f;
        img.data[dst + 1] = pal[pa + 1] + (pal[pb + 1] - pal[pa + 1]) * f;
        img.data[dst + 2] = pal[pa + 2] + (pal[pb + 2] - pal[pa + 2]) * f;
        img.data[dst + 3] = 255;
      }
    }
    og.putImageData(img, 0, 0);
    const side = Math.min(w - 12, h - 64 * this.k), x0 = (w - side) / 2, y0 = 30 * this.k;
    g.imageSmoothingEnabled = true;
    g.drawImage(off, x0, y0, side, side);
    g.strokeStyle = "#999"; g.lineWidth = 1; g.strokeRect(x0, y0, side, side);
    const [ex0, ex1, ey0, ey1] = this.d.data.extent, P = this.points, cols = this.d.colors.classes;
    const rad = Math.max(3.5, side / 110);
    g.lineWidth = 1.2; g.strokeStyle = "#111";
    for (let i = 0; i < P.x.length; i++) {
      const px = x0 + ((P.x[i] - ex0) / (ex1 - ex0)) * side, py = y0 + (1 - (P.y[i] - ey0) / (ey1 - ey0)) * side;
      this.mark(g, P.label[i], px, py, rad); g.fillStyle = cols[P.label[i]]; g.fill(); g.stroke();
    }
    // legend: the classes, and what the shade means
    let lx = x0, ly = y0 + side + 22 * this.k;
    g.font = `600 ${Math.round(16 * this.k)}px ${this.d.colors.font}`; g.textBaseline = "middle";
    cols.forEach((c, k) => {
      this.mark(g, k, lx + 7 * this.k, ly, 7 * this.k); g.fillStyle = c; g.fill(); g.stroke();
      g.fillStyle = "#1a1a1a"; g.fillText(String(k), lx + 18 * this.k, ly); lx += 44 * this.k;
    });
    g.font = `${Math.round(16 * this.k)}px ${this.d.colors.font}`; g.fillStyle = "#444";
    g.fillText(this.d.labels.shade, lx + 6, ly, Math.max(40, x0 + side - lx - 6)); g.textBaseline = "alphabetic";
  }

  // class k's marker path: a circle, square, triangle, diamond or cross (then the cycle again), centred on (x, y)
  mark(g, k, x, y, r) {
    g.beginPath();
    const shape = SHAPES[k % SHAPES.length];
    if (shape === "square") g.rect(x - 0.9 * r, y - 0.9 * r, 1.8 * r, 1.8 * r);
    else if (shape === "triangle") { g.moveTo(x, y - 1.15 * r); g.lineTo(x + r, y + 0.75 * r); g.lineTo(x - r, y + 0.75 * r); g.closePath(); }
    else if (shape === "diamond") { g.moveTo(x, y - 1.2 * r); g.lineTo(x + 1.2 * r, y); g.lineTo(x, y + 1.2 * r); g.lineTo(x - 1.2 * r, y); g.closePath(); }
    else if (shape === "cross") {
      const a = 0.45 * r;
      for (const [px, py] of [[-a, -r], [a, -r], [a, -a], [r, -a], [r, a], [a, a], [a, r], [-a, r], [-a, a], [-r, a], [-r, -a], [-a, -a]])
        g.lineTo(x + px, y + py);
      g.closePath();
    }
    else g.arc(x, y, r, 0, 2 * Math.PI);
  }

  drawDigits(sn) {
    const { g, w, h } = this.ctx("main");
    const L = this.d.labels, D = this.digits, k = D.label.length, side = D.side;
    this.title(g, L.digits_title);
    if (!sn) return;
    const cols = 8, rows = Math.ceil(k / cols), top = 28 * this.k, areaH = h * 0.42;
    const cw = (w - 8) / cols, ch = areaH / rows, px = Math.min(cw * 0.62, ch - 6) / side;
    for (let i = 0; i < k; i++) {
      const cx = 4 + (i % cols) * cw, cy = top + Math.floor(i / cols) * ch;
      g.imageSmoothingEnabled = false;                       // crisp 8×8 pixels
      g.drawImage(this.digitSheet(), i * side, 0, side, side, cx + 2, cy + 2, side * px, side * px);
      const pred = sn.a.dig[i], ok = pred === D.label[i];
      g.font = `700 ${Math.round(Math.min(26, ch * 0.5))}px ${this.d.colors.font}`;
      g.fillStyle = ok ? this.d.colors.good : this.d.colors.bad;
      g.fillText(ok ? `${pred}` : `${pred}✗`, cx + 6 + side * px, cy + ch * 0.55);
      if (!ok) { g.strokeStyle = this.d.colors.bad; g.lineWidth = 2.5; g.strokeRect(cx + 1, cy + 1, side * px + 2, side * px + 2); }
    }
    // confusion matrix on the validation set, each row coloured by its share of the true class
    const C = this.d.n_classes, m = sn.a.conf, y0 = top + areaH + 34 * this.k;
    this.title(g, L.confusion_title, 6, y0 - 8 * this.k);
    const sz = Math.min(w - 70 * this.k, h - y0 - 34 * this.k), cell = sz / C, x0 = 46 * this.k;
    g.font = `${Math.round(13 * this.k)}px ${this.d.colors.font}`; g.textAlign = "center"; g.textBaseline = "middle";
    for (let r = 0; r < C; r++) {
      let tot = 0;
      for (let c = 0; c < C; c++) tot += m[r * C + c];
      for (let c = 0; c < C; c++) {
        const v = m[r * C + c], a = tot ? v / tot : 0;
        const base = r === c ? [46, 139, 87] : [192, 57, 43];
        g.fillStyle = `rgba(${base[0]},${base[1]},${base[2]},${(0.08 + 0.9 * a).toFixed(3)})`;
        g.fillRect(x0 + c * cell, y0 + r * cell, cell - 1, cell - 1);
        if (v) { g.fillStyle = a > 0.5 ? "#fff" : "#222"; g.fillText(String(v), x0 + (c + 0.5) * cell, y0 + (r + 0.5) * cell); }
      }
      g.fillStyle = "#333"; g.fillText(String(r), x0 - 10, y0 + (r + 0.5) * cell);
      g.fillText(String(r), x0 + (r + 0.5) * cell, y0 + sz + 10);
    }
    g.textAlign = "left";
    g.fillText(`${L.predicted} →`, x0 + sz + 8 > w - 90 ? x0 : x0 + sz + 8, y0 + sz + 24 > h ? h - 8 : y0 + sz + 24);
    g.save(); g.translate(14, y0 + sz / 2); g.rotate(-Math.PI / 2); g.textAlign = "center";
    g.fillText(`${L.true} →`, 0, 0); g.restore();
  }

  digitSheet() {
    // the shown digits side by side, dark ink on white, drawn once per run
    const D = this.digits, side = D.side, k = D.label.length;
    if (this.sheet && this.sheet.run === this.run) return this.sheet.canvas;
    const cv = document.createElement("canvas");
    cv.width = side * k; cv.height = side;
    const img = cv.getContext("2d").createImageData(side * k, side);
    for (let i = 0; i < k; i++) {
      for (let p = 0; p < side * side; p++) {
        const v = 255 - D.pixels[i * side * side + p], o = ((p / side | 0) * side * k + i * side + (p % side)) * 4;
        img.data[o] = img.data[o + 1] = img.data[o + 2] = v; img.data[o + 3] = 255;
      }
    }
    cv.getContext("2d").putImageData(img, 0, 0);
    this.sheet = { run: this.run, canvas: cv };
    return cv;
  }

  // a plot box with axes: returns mapping functions
  axes(g, w, h, title, xr, yr, { logY = false, yTicks = null, xTicks = null, xLabel = "" } = {}) {
    this.title(g, title);
    const k = this.k, box = { l: 52 * k, r: w - 22 * k, t: 32 * k, b: h - 28 * k };
    const X = (x) => box.l + ((x - xr[0]) / (xr[1] - xr[0])) * (box.r - box.l);
    const ty = (y) => (logY ? Math.log10(Math.max(y, 1e-12)) : y);
    const Y = (y) => box.b - ((ty(y) - ty(yr[0])) / (ty(yr[1]) - ty(yr[0]))) * (box.b - box.t);
    g.strokeStyle = "#ccc"; g.lineWidth = 1; g.fillStyle = "#444";
    g.font = `${Math.round(14 * this.k)}px ${this.d.colors.font}`; g.textAlign = "right"; g.textBaseline = "middle";
    for (const v of yTicks || [yr[0], (yr[0] + yr[1]) / 2, yr[1]]) {
      g.beginPath(); g.moveTo(box.l, Y(v)); g.lineTo(box.r, Y(v)); g.stroke();
      g.fillText(fmt(v), box.l - 4, Y(v));
    }
    g.textAlign = "center"; g.textBaseline = "top";
    const xt = xTicks || [0, 1, 2, 3].map((k) => [Math.round(xr[0] + (k * (xr[1] - xr[0])) / 3), null]);
    for (const [v, text] of xt) g.fillText(text || fmt(v), X(v), box.b + 4);
    if (xLabel) { g.textAlign = "right"; g.fillText(xLabel, box.r, box.b + 4 + 0); }
    g.textAlign = "left"; g.textBaseline = "alphabetic";
    g.strokeStyle = "#888"; g.strokeRect(box.l, box.t, box.r - box.l, box.b - box.t);
    return { X, Y, box };
  }

  drawLoss(pos) {
    const { g, w, h } = this.ctx("loss");
    const L = this.d.labels, cap = this.d.cap, n = Math.min(Math.floor(pos), cap);
    let ymax = 0;
    for (let i = 0; i < this.loss.length; i++) if (this.loss[i] > ymax && i <= this.end()) ymax = this.loss[i];
    ymax = Math.min(ymax, 3.2 * (this.loss[0] > 0 ? this.loss[0] : ymax));
    ymax = niceCeil(Math.max(ymax * 1.05, 0.1));
    const { X, Y, box } = this.axes(g, w, h, L.loss, [0, cap], [0, ymax], { yTicks: [0, ymax / 2, ymax] });
    g.save(); g.beginPath(); g.rect(box.l, box.t, box.r - box.l, box.b - box.t); g.clip();
    g.strokeStyle = "rgba(31,95,168,0.35)"; g.lineWidth = 1; g.beginPath();
    let ema = null, emaPts = [];
    for (let i = 0; i <= n && i < this.loss.length; i++) {
      const v = this.loss[i];
      if (!(v >= 0)) continue;
      if (ema === null) { g.moveTo(X(i), Y(v)); ema = v; } else { g.lineTo(X(i), Y(v)); ema = 0.9 * ema + 0.1 * v; }
      emaPts.push(i, ema);
    }
    g.stroke();
    g.strokeStyle = this.d.colors.loss; g.lineWidth = 3; g.beginPath();
    for (let j = 0; j < emaPts.length; j += 2) (j ? g.lineTo : g.moveTo).call(g, X(emaPts[j]), Y(emaPts[j + 1]));
    g.stroke();
    for (const m of this.d.marks) {
      if (m.at > pos) continue;
      g.strokeStyle = "#6a3d9a"; g.setLineDash([6, 4]); g.lineWidth = 2;
      g.beginPath(); g.moveTo(X(m.at), box.t); g.lineTo(X(m.at), box.b); g.stroke(); g.setLineDash([]);
      g.fillStyle = "#6a3d9a"; g.font = `600 ${Math.round(14 * this.k)}px ${this.d.colors.font}`;
      const tw = g.measureText(m.text).width;
      g.fillText(m.text, Math.min(X(m.at) + 4, box.r - tw - 2), box.t + 16 * this.k);
    }
    if (this.diverged != null && pos >= this.diverged) {
      g.strokeStyle = this.d.colors.bad; g.lineWidth = 2; g.setLineDash([4, 4]);
      g.beginPath(); g.moveTo(X(this.diverged), box.t); g.lineTo(X(this.diverged), box.b); g.stroke(); g.setLineDash([]);
    }
    this.emaNow = ema;
    if (ema !== null) { g.fillStyle = this.d.colors.loss; g.beginPath(); g.arc(X(emaPts[emaPts.length - 2]), Y(ema), 5, 0, 7); g.fill(); }
    g.restore();
    if (ema !== null) {
      g.font = `600 ${Math.round(16 * this.k)}px ${this.d.colors.font}`; g.fillStyle = this.d.colors.loss; g.textAlign = "right";
      g.fillText(ema.toFixed(3), w - 12, 20 * this.k); g.textAlign = "left";
    }
  }

  drawAcc(pos) {
    const { g, w, h } = this.ctx("acc");
    const L = this.d.labels, cap = this.d.cap;
    const { X, Y, box } = this.axes(g, w, h, L.accuracy, [0, cap], [0, 1.04], { yTicks: [0, 0.5, 1] });
    const line = (key, color, dash) => {
      g.strokeStyle = color; g.lineWidth = 3; g.setLineDash(dash); g.beginPath();
      let started = false, last = null;
      for (const s of this.snaps) {
        if (s.it > pos) break;
        (started ? g.lineTo : g.moveTo).call(g, X(s.it), Y(s[key])); started = true; last = s[key];
      }
      g.stroke(); g.setLineDash([]);
      return last;
    };
    const tr = line("tr", this.d.colors.train, [7, 4]), va = line("va", this.d.colors.val, []);
    g.font = `600 ${Math.round(15 * this.k)}px ${this.d.colors.font}`; g.textAlign = "left";
    if (tr !== null) {
      g.fillStyle = this.d.colors.train; g.fillText(`${L.train_acc} ${tr.toFixed(2)}`, box.l + 8, box.b - 30 * this.k);
      g.fillStyle = this.d.colors.val; g.fillText(`${L.val_acc} ${va.toFixed(2)}`, box.l + 8, box.b - 10 * this.k);
    }
  }

  drawHist(sn) {
    const { g, w, h } = this.ctx("hist");
    const L = this.d.labels;
    if (!sn) return;
    const a = sn.a.hist, b = sn.b.hist, f = this.reduced ? 0 : sn.f, nb = a.length;
    let ymax = 0.05;
    for (const s of this.snaps) for (let i = 0; i < nb; i++) if (s.hist[i] > ymax) ymax = s.hist[i];
    const [lo, hi] = this.d.hist_log_range;
    const xTicks = [];
    for (let e = Math.ceil(lo); e <= hi; e += 2) xTicks.push([e, `1e${e}`]);
    const { X, Y, box } = this.axes(g, w, h, L.hist_title, [lo, hi], [0, ymax * 1.05],
      { yTicks: [0, +(ymax / 2).toPrecision(2), +ymax.toPrecision(2)], xTicks });
    g.fillStyle = "#6a3d9a";
    for (let i = 0; i < nb; i++) {
      const v = a[i] + (b[i] - a[i]) * f, x0 = X(lo + (i * (hi - lo)) / nb), x1 = X(lo + ((i + 1) * (hi - lo)) / nb);
      g.fillRect(x0 + 0.5, Y(v), Math.max(1, x1 - x0 - 1), box.b - Y(v));
    }
    const inact = sn.a.inact + (sn.b.inact - sn.a.inact) * f;
    g.font = `600 ${Math.round(15 * this.k)}px ${this.d.colors.font}`; g.fillStyle = this.d.colors.bad; g.textAlign = "right";
    g.fillText(`${L.inactive} ${(100 * inact).toFixed(0)}%`, box.r - 6, box.t + 18 * this.k); g.textAlign = "left";
  }

  drawRatio(pos) {
    const { g, w, h } = this.ctx("ratio");
    const L = this.d.labels, cap = this.d.cap, n = Math.min(Math.floor(pos), cap - 1);
    const yr = [1e-6, 1];
    const { X, Y, box } = this.axes(g, w, h, L.ratio_title, [0, cap], yr, { logY: true, yTicks: [1e-6, 1e-4, 1e-2, 1] });
    const [b0, b1] = this.d.ratio_band;
    g.fillStyle = "rgba(46,139,87,0.15)"; g.fillRect(box.l, Y(b1), box.r - box.l, Y(b0) - Y(b1));
    g.save(); g.beginPath(); g.rect(box.l, box.t, box.r - box.l, box.b - box.t); g.clip();
    const line = (arr, color, dash) => {
      g.strokeStyle = color; g.lineWidth = 2; g.setLineDash(dash); g.beginPath();
      let started = false;
      for (let i = 0; i <= n; i++) {
        const v = arr[i];
        if (!(v > 0)) continue;
        (started ? g.lineTo : g.moveTo).call(g, X(i), Y(Math.max(v, yr[0]))); started = true;
      }
      g.stroke(); g.setLineDash([]);
    };
    line(this.r1, this.d.colors.loss, []); line(this.r2, this.d.colors.train, [7, 4]);   // W2 dashed, not only orange
    g.restore();
    g.font = `600 ${Math.round(15 * this.k)}px ${this.d.colors.font}`;
    g.fillStyle = this.d.colors.loss; g.fillText("W1", box.r - 70 * this.k, box.t + 18 * this.k);
    g.fillStyle = this.d.colors.train; g.fillText("W2", box.r - 34 * this.k, box.t + 18 * this.k);
  }

  debug() {
    return { run: this.run, pos: this.pos, playing: this.playing, frames: this.frames, end: this.end(), drawMs: this.drawMs,
      reduced: this.reduced, said: this.q(".say").textContent,
      chunks: this.chunks.map((c) => [c.start, c.stop, c.lr, c.reg]), marks: this.d.marks,
      loss: Array.from(this.loss.subarray(0, this.end() + 1)), asked: this.asked, hold: this.hold,
      fullscreen: !!this.el.ownerDocument.fullscreenElement, regions: this.regionsAt(this.pos) };
  }

  // The predicted class of every grid cell at iteration `pos` (row 0 at the bottom) and the grid's extent:
  // what the decision-region panel shows, for tests to compare with where the points were drawn.
  regionsAt(pos) {
    const sn = this.d && this.d.data.kind === "2d" ? this.snapAt(pos) : null;
    if (!sn || !sn.a.grid) return null;
    return { n: sn.a.gn, extent: this.d.data.extent, cls: Array.from(sn.a.grid, (v) => Math.floor(v / LEVELS)) };
  }

  destroy() {
    this.playing = false;
    if (this.raf) { cancelAnimationFrame(this.raf); clearTimeout(this.raf); }
    this.resize.disconnect();
  }
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let p = PLAYERS.get(parentElement);
  if (!p) { p = new Player(parentElement); PLAYERS.set(parentElement, p); }
  p.update(data, setTriggerValue);
  // Streamlit keeps only the latest cleanup and calls it on unmount (or, in a race, for a superseded
  // update): stop only when this element has really left the page.
  return () => setTimeout(() => {
    const host = parentElement.host || parentElement;
    if (!host.isConnected) { p.destroy(); PLAYERS.delete(parentElement); }
  }, 0);
}
