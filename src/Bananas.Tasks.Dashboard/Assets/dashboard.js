// Bananas dashboard: the charts (uPlot, fed by /api/throughput) and confirmations of destructive actions.
// No inline script anywhere (the Content-Security-Policy forbids it); everything is wired from data- attributes.
(function () {
  "use strict";
  var refreshMs = parseInt(document.body.getAttribute("data-refresh-ms"), 10) || 5000;
  var colors = { processed: "#b88a00", failed: "#cf222e" };

  function draw(el) {
    var url = el.getAttribute("data-throughput");
    var series = el.getAttribute("data-series");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        var xs = [], ys = [];
        data.minutes.forEach(function (p) { xs.push(p[0]); ys.push(series === "failed" ? p[2] : p[1]); });
        if (el._plot) { el._plot.setData([xs, ys]); return; }
        el.textContent = "";
        el._plot = new uPlot({
          width: Math.max(300, el.clientWidth || 360), height: 200,
          scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(5, max)]; } } },
          axes: [{}, { size: 50 }],
          series: [{}, { label: series, stroke: colors[series] || "#333", fill: series === "failed" ? "rgba(207,34,46,.12)" : "rgba(184,138,0,.15)", width: 2 }]
        }, [xs, ys], el);
        el.setAttribute("data-drawn", "true");
      })
      .catch(function (e) {
        if (el._plot) return; // keep the last drawing; the next refresh tries again
        el.textContent = "";
        var p = document.createElement("p");
        p.className = "chart-error";
        p.textContent = "Chart unavailable: " + e.message;
        el.appendChild(p);
      });
  }

  function drawAll() { document.querySelectorAll("[data-throughput]").forEach(draw); }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof uPlot !== "undefined") { drawAll(); setInterval(drawAll, Math.max(refreshMs, 5000)); }
  });

  // destructive actions ask first: data-confirm on the form or on the button that submits it
  document.addEventListener("submit", function (ev) {
    var button = ev.submitter;
    var text = (button && button.getAttribute("data-confirm")) || ev.target.getAttribute("data-confirm");
    if (text && !window.confirm(text)) ev.preventDefault();
  }, true);
})();
