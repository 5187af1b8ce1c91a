/* The master page: the class's submissions refresh by themselves (rows made and escaped by the server). */
(function () {
  "use strict";
  const table = document.getElementById("submissions");
  if (!table) return;
  const body = table.querySelector("tbody");
  const REFRESH_MS = 3000;
  async function refresh() {
    try {
      const response = await fetch("/master/rows?class_code=" + encodeURIComponent(table.dataset.class || ""),
        { credentials: "same-origin" });
      if (response.ok) body.innerHTML = await response.text();
    } catch (err) { /* the server is restarting: try again later */ }
    setTimeout(refresh, REFRESH_MS);
  }
  setTimeout(refresh, REFRESH_MS);
})();
