/* machinesim's 3D view: the part (turn, zoom, section), the stock, the toolpath and its film.
 * Draws a scene made by machinesim.render.scene (arrays as base64) with the vendored three.js.
 * Machine axes: X right, Y away from the operator, Z up. Nothing is fetched from the network. */
(function () {
  "use strict";

  function decode(b64, Type) {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  }

  function element(tag, attrs, text) {
    const el = document.createElement(tag);
    for (const k in attrs || {}) el.setAttribute(k, attrs[k]);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  const VIEWS = { iso: [1, -1, 1], top: [0, 0, 1], front: [0, -1, 0] };
  const LIGHTS = [[[-0.2, -0.5, 1.0], 0.75], [[1.0, -0.4, 0.3], 0.35], [[0.3, 1.0, 0.4], 0.15]];

  function create(container, scene, labels, options) {
    const THREE = window.THREE;
    labels = labels || {};
    options = options || {};
    container.textContent = "";
    const bar = element("div", { class: "msv-bar" });
    const stage = element("div", { class: "msv-stage" });
    container.appendChild(bar);
    container.appendChild(stage);
    let renderer;
    try {
      renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    } catch (err) {
      stage.appendChild(element("p", { class: "msv-error" }, labels.webgl || "WebGL is not available."));
      return null;
    }
    // colours are used as written (sRGB), as in the still pictures: no linear-space conversion
    THREE.ColorManagement.enabled = false;
    renderer.outputColorSpace = THREE.LinearSRGBColorSpace;
    renderer.localClippingEnabled = true;
    renderer.setPixelRatio(window.devicePixelRatio || 1);
    renderer.setClearColor(0xffffff, 1);
    stage.appendChild(renderer.domElement);
    renderer.domElement.setAttribute("data-machinesim-view", "part");

    const b = scene.bounds;
    const lo = new THREE.Vector3(b[0], b[2], b[4]), hi = new THREE.Vector3(b[1], b[3], b[5]);
    const centre = lo.clone().add(hi).multiplyScalar(0.5);
    const radius = Math.max(hi.clone().sub(lo).length() / 2, 1e-3);
    const world = new THREE.Scene();
    world.add(new THREE.AmbientLight(0xffffff, 1.7));
    for (const [dir, power] of LIGHTS) {
      const light = new THREE.DirectionalLight(0xffffff, power * 1.6);
      light.position.set(dir[0], dir[1], dir[2]).multiplyScalar(radius * 4).add(centre);
      light.target.position.copy(centre);
      world.add(light, light.target);
    }

    const camera = new THREE.OrthographicCamera(-1, 1, 1, -1, radius * 0.01, radius * 40);
    camera.up.set(0, 0, 1);
    const controls = new THREE.OrbitControls(camera, renderer.domElement);
    controls.target.copy(centre);
    controls.screenSpacePanning = true;

    const section = new THREE.Plane(new THREE.Vector3(-1, 0, 0), 1e9);
    const part = scene.part;
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute("position", new THREE.BufferAttribute(decode(part.positions, Float32Array), 3));
    geometry.setAttribute("normal", new THREE.BufferAttribute(decode(part.normals, Float32Array), 3));
    geometry.setIndex(new THREE.BufferAttribute(decode(part.indices, Uint32Array), 1));
    const coloured = !!part.colours;
    if (coloured) geometry.setAttribute("color", new THREE.BufferAttribute(decode(part.colours, Uint8Array), 3, true));
    const metal = new THREE.MeshPhongMaterial({
      color: coloured ? 0xffffff : new THREE.Color(scene.metal || "#b9bec6"), vertexColors: coloured,
      specular: 0x555555, shininess: 28, side: THREE.DoubleSide, clippingPlanes: [section],
      polygonOffset: true, polygonOffsetFactor: 1, polygonOffsetUnits: 1,
    });
    const partMesh = new THREE.Mesh(geometry, metal);
    world.add(partMesh);

    if (scene.stock) {
      const s = scene.stock;
      const box = new THREE.BoxGeometry(s[1] - s[0], s[3] - s[2], s[5] - s[4]);
      const edges = new THREE.LineSegments(new THREE.EdgesGeometry(box),
        new THREE.LineBasicMaterial({ color: 0x8fb3d9, transparent: true, opacity: 0.6 }));
      edges.position.set((s[0] + s[1]) / 2, (s[2] + s[3]) / 2, (s[4] + s[5]) / 2);
      world.add(edges);
    }

    let path = null, tool = null;
    const film = { playing: false, move: 0 };
    if (scene.toolpath) {
      const tp = scene.toolpath;
      const g = new THREE.BufferGeometry();
      g.setAttribute("position", new THREE.BufferAttribute(decode(tp.positions, Float32Array), 3));
      g.setAttribute("color", new THREE.BufferAttribute(decode(tp.colours, Uint8Array), 3, true));
      path = new THREE.LineSegments(g, new THREE.LineBasicMaterial({ vertexColors: true, depthTest: false }));
      path.renderOrder = 2;
      path.visible = false;
      path.userData.move = decode(tp.move, Uint32Array);
      path.userData.lines = decode(tp.lines, Int32Array);
      world.add(path);
      tool = new THREE.Mesh(new THREE.SphereGeometry(radius * 0.015, 16, 8),
        new THREE.MeshBasicMaterial({ color: 0xff7f0e, depthTest: false }));
      tool.renderOrder = 3;
      tool.visible = false;
      world.add(tool);
    }

    function resize() {
      const w = Math.max(stage.clientWidth, 200), h = Math.max(stage.clientHeight, 200);
      renderer.setSize(w, h, false);
      renderer.domElement.style.width = "100%";
      renderer.domElement.style.height = "100%";
      const aspect = w / h;
      const half = radius * 1.08;
      camera.left = -half * Math.max(aspect, 1); camera.right = half * Math.max(aspect, 1);
      camera.top = half / Math.min(aspect, 1); camera.bottom = -half / Math.min(aspect, 1);
      camera.updateProjectionMatrix();
      draw();
    }
    function draw() { renderer.render(world, camera); }
    function view(name) {
      const d = VIEWS[name];
      camera.position.set(d[0], d[1], d[2]).normalize().multiplyScalar(radius * 10).add(centre);
      if (name === "top") camera.position.y -= radius * 1e-4;   // keep "up" defined looking down Z
      camera.zoom = 1;
      camera.updateProjectionMatrix();
      controls.target.copy(centre);
      controls.update();
      draw();
    }
    controls.addEventListener("change", draw);

    // --- tool bar: views, section, toolpath, film
    for (const name of ["iso", "top", "front"]) {
      const btn = element("button", { type: "button", "data-view": name }, labels[name] || name);
      btn.addEventListener("click", () => view(name));
      bar.appendChild(btn);
    }
    const axisSelect = element("select", { "aria-label": labels.section || "section" });
    for (const a of ["", "x", "y", "z"]) axisSelect.appendChild(element("option", { value: a }, a ? a.toUpperCase() : (labels.none || "-")));
    const cut = element("input", { type: "range", min: "0", max: "1000", value: "500", "aria-label": labels.section || "section" });
    function applySection() {
      const a = axisSelect.value;
      if (!a) { section.constant = 1e9; section.normal.set(-1, 0, 0); draw(); return; }
      const i = { x: 0, y: 1, z: 2 }[a];
      const t = cut.value / 1000;
      const at = b[2 * i] + t * (b[2 * i + 1] - b[2 * i]);
      section.normal.set(i === 0 ? -1 : 0, i === 1 ? -1 : 0, i === 2 ? -1 : 0);
      section.constant = at;
      draw();
    }
    axisSelect.addEventListener("change", applySection);
    cut.addEventListener("input", applySection);
    const sectionLabel = element("label", {}, (labels.section || "Section") + " ");
    sectionLabel.appendChild(axisSelect);
    sectionLabel.appendChild(cut);
    bar.appendChild(sectionLabel);

    if (path) {
      const show = element("input", { type: "checkbox" });
      const pathLabel = element("label", {});
      pathLabel.appendChild(show);
      pathLabel.appendChild(document.createTextNode(" " + (labels.toolpath || "Toolpath")));
      show.addEventListener("change", () => { path.visible = show.checked; draw(); });
      bar.appendChild(pathLabel);
      const play = element("button", { type: "button", "data-film": "play" }, labels.play || "Film");
      const moves = scene.toolpath.moves;
      const slider = element("input", { type: "range", min: "0", max: String(moves), value: String(moves), "aria-label": labels.film || "film" });
      const firstSegment = new Uint32Array(moves + 1);   // first segment of each move
      const segMove = path.userData.move;
      for (let s = segMove.length - 1; s >= 0; s--) firstSegment[segMove[s]] = s;
      firstSegment[moves] = segMove.length;
      function showMoves(count) {
        film.move = count;
        slider.value = String(count);
        path.geometry.setDrawRange(0, 2 * firstSegment[Math.min(count, moves)]);
        const pos = path.geometry.getAttribute("position");
        const last = firstSegment[Math.min(count, moves)] * 2 - 1;
        tool.visible = count < moves && last >= 0;
        if (last >= 0) tool.position.set(pos.getX(last), pos.getY(last), pos.getZ(last));
        if (options.onLine && count > 0) options.onLine(path.userData.lines[count - 1]);
        draw();
      }
      slider.addEventListener("input", () => { film.playing = false; path.visible = true; show.checked = true; showMoves(+slider.value); });
      play.addEventListener("click", () => {
        if (film.playing) { film.playing = false; play.textContent = labels.play || "Film"; return; }
        film.playing = true;
        play.textContent = labels.pause || "Pause";
        path.visible = true; show.checked = true;
        partMesh.visible = false;
        let start = null;
        const from = film.move >= moves ? 0 : film.move;
        const seconds = Math.min(20, 4 + moves / 200);
        function step(time) {
          if (!film.playing) { partMesh.visible = true; draw(); return; }
          if (start === null) start = time;
          const count = Math.min(moves, from + Math.floor((time - start) / 1000 / seconds * moves));
          showMoves(count);
          if (count >= moves) { film.playing = false; play.textContent = labels.play || "Film"; partMesh.visible = true; draw(); return; }
          requestAnimationFrame(step);
        }
        requestAnimationFrame(step);
      });
      bar.appendChild(play);
      bar.appendChild(slider);
    }

    if (window.ResizeObserver) new ResizeObserver(resize).observe(stage);
    window.addEventListener("resize", resize);
    view("iso");
    resize();
    return { renderer: renderer, camera: camera, draw: draw, view: view };
  }

  window.MachinesimViewer = { create: create, decode: decode };
})();
