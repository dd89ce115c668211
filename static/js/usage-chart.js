// Usage page: the bar chart of credits per day, from the JSON the page embeds.
(function () {
  "use strict";
  var source = document.getElementById("usage-data");
  var canvas = document.getElementById("usage-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var accent = getComputedStyle(document.documentElement).getPropertyValue("--cs-accent").trim() || "#4f46e5";
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels.map(function (d) { return d.slice(5); }),
      datasets: [{ label: "Credits", data: data.credits, backgroundColor: accent, borderRadius: 4 }]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: false } },
      scales: { x: { grid: { display: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();
