/* The student page: send the program, follow its run, then show the part, the findings on their
 * lines, the film and the inspection. Every text from the server is set with textContent. */
(function () {
  "use strict";
  const labels = JSON.parse(document.getElementById("labels").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  const form = $("send"), status = $("status"), input = $("program"), drop = $("drop");
  const POLL_MS = 500, MAX_POLLS = 7200;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  for (const id of ["class_code", "student"]) {
    const field = $(id);
    try { field.value = localStorage.getItem("machinesim." + id) || ""; } catch (e) { /* private mode */ }
    field.addEventListener("change", () => { try { localStorage.setItem("machinesim." + id, field.value); } catch (e) { /* */ } });
  }

  const chosen = el("span", "chosen");
  drop.appendChild(chosen);
  function showChosen() { chosen.textContent = input.files.length ? input.files[0].name : ""; }
  input.addEventListener("change", showChosen);
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; showChosen(); }
  });

  function problem(body) {
    status.textContent = "";
    const p = el("p", "problem", body.message || labels["status.failed"]);
    p.setAttribute("role", "alert");
    status.appendChild(p);
    if (body.hint) status.appendChild(el("p", "hint", body.hint));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("go");
    button.disabled = true;
    status.textContent = labels.sending;
    $("results").hidden = true;
    try {
      const response = await fetch("/api/submissions", { method: "POST", body: new FormData(form),
        headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });
      const body = await response.json();
      if (!response.ok) { problem(body); return; }
      history.replaceState(null, "", "/submission/" + body.id);
      await follow(body.id);
    } catch (err) {
      problem({ message: labels["status.failed"] + " (" + err + ")" });
    } finally {
      button.disabled = false;
    }
  });

  let current_id = null;
  async function follow(id) {
    current_id = id;
    let shown = false;
    for (let i = 0; i < MAX_POLLS; i++) {
      const response = await fetch("/api/submissions/" + encodeURIComponent(id), { credentials: "same-origin" });
      const s = await response.json();
      if (!response.ok) { problem(s); return; }
      if (s.result && !shown) { show(s); shown = true; }          // findings first, the 3D view follows
      if (s.status === "done") {
        status.textContent = labels["status.done"];
        if (s.scene) draw(s.scene); else $("view").textContent = "";
        return;
      }
      status.textContent = labels["status." + s.status] + (s.position ? " (" + s.position + ")" : "");
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  function minutes(seconds) {
    const m = Math.floor(seconds / 60), s = Math.round(seconds - 60 * m);
    return m + " min " + String(s).padStart(2, "0") + " s";
  }

  function show(s) {
    const r = s.result;
    $("results").hidden = false;
    for (const old of document.querySelectorAll("#film img")) old.remove();
    const summary = $("summary");
    summary.textContent = "";
    const fill = (text, key, value) => text.replace("{" + key + "}", value);
    if (r.grade !== null && r.grade !== undefined) summary.appendChild(el("p", "mark", fill(labels.mark, "mark", r.grade)));
    if (r.cycle_time_s !== null) summary.appendChild(el("p", "", fill(labels.cycle_time, "time", minutes(r.cycle_time_s))));
    if (r.removed_volume_mm3 !== null) {
      summary.appendChild(el("p", "", fill(labels.removed, "volume", (r.removed_volume_mm3 / 1000).toFixed(2))));
    }
    programLines = listing(s.source, r.findings);
    findings(r.findings, programLines);
    inspection(r.inspection_table);
    $("view").textContent = labels["status.drawing"];
  }

  let programLines = [];
  async function draw(url) {
    const scene = await (await fetch(url, { credentials: "same-origin" })).json();
    window.MachinesimViewer.create($("view"), scene, labels.viewer, { onLine: (n) => current(programLines, n) });
  }

  function listing(source, found) {
    const pre = $("listing");
    pre.textContent = "";
    const lines = [];
    const text = source.replace(/\r\n?/g, "\n").split("\n");
    const marks = {};
    for (const f of found) {
      if (!f.line || (f.file && f.file !== found[0].file && f.file.endsWith(".toml"))) continue;
      for (let n = f.line; n <= Math.max(f.line, f.line_end || 0); n++) {
        if (!marks[n] || f.severity === "error") marks[n] = f;
      }
    }
    text.forEach((line, i) => {
      const n = i + 1;
      const row = el("span", "src");
      row.id = "L" + n;
      row.appendChild(el("span", "n", n));
      row.appendChild(document.createTextNode(line + "\n"));
      if (marks[n]) { row.classList.add("hl", "hl-" + marks[n].severity); row.title = marks[n].code + " : " + marks[n].message; }
      pre.appendChild(row);
      lines.push(row);
    });
    return lines;
  }

  function current(lines, n) {
    const now = document.querySelector(".src.now");
    if (now) now.classList.remove("now");
    const row = lines[n - 1];
    if (row) { row.classList.add("now"); row.scrollIntoView({ block: "nearest" }); }
  }

  function findings(found, lines) {
    const list = $("findings");
    list.textContent = "";
    if (!found.length) { list.appendChild(el("li", "clean", labels.no_findings)); return; }
    for (const f of found) {
      const item = el("li", "finding " + f.severity);
      item.dataset.code = f.code;
      item.dataset.line = f.line;
      item.appendChild(el("span", "code", f.code));
      if (f.line) item.appendChild(el("span", "line", labels.line + " " + f.line + (f.line_end > f.line ? "–" + f.line_end : "")));
      item.appendChild(el("span", "message", f.message));
      if (f.hint) item.appendChild(el("span", "hint", "→ " + f.hint));
      item.addEventListener("click", () => { if (f.line) current(lines, f.line); });
      list.appendChild(item);
    }
  }

  function inspection(table) {
    const box = $("inspection");
    box.textContent = "";
    $("inspection-title").hidden = !table;
    if (!table) return;
    const t = el("table", "checks"), head = el("tr");
    for (const h of table.headers) head.appendChild(el("th", "", h));
    t.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const row of table.rows) {
      const tr = el("tr");
      row.forEach((cell) => tr.appendChild(el("td", "", cell)));
      if (/NON|OUT/.test(row[8])) tr.className = "out";
      body.appendChild(tr);
    }
    t.appendChild(body);
    box.appendChild(t);
  }

  $("film-make").addEventListener("click", async () => {
    const button = $("film-make"), state = $("film-state"), url = "/api/submissions/" + encodeURIComponent(current_id) + "/film";
    button.disabled = true;
    state.textContent = labels.film_making;
    try {
      await fetch(url, { method: "POST", body: new FormData(), headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });
      for (let i = 0; i < MAX_POLLS; i++) {
        const response = await fetch(url, { credentials: "same-origin" });
        if (response.ok && (response.headers.get("content-type") || "").startsWith("image/")) {
          const img = el("img", "film");
          img.alt = labels.film_make;
          img.src = url + "?shown=" + Date.now();          // the same GIF, now made (no blob: URL under the CSP)
          state.textContent = "";
          $("film").appendChild(img);
          return;
        }
        if (response.status === 422) { state.textContent = (await response.json()).message; return; }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      button.disabled = false;
    }
  });

  const given = document.getElementById("submission");
  if (given) follow(JSON.parse(given.textContent));
})();
