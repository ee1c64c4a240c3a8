// The safety fund overview's bar charts, drawn with Chart.js from the page's JSON data.
// Progressive enhancement: each chart's figures are in the table next to it, and the page
// works without this file (the chart containers stay hidden).
(() => {
  "use strict";

  const source = document.getElementById("fund-dashboard-data");
  if (!source || typeof window.Chart === "undefined") return;

  const charts = JSON.parse(source.textContent);
  const lang = document.documentElement.lang || "sv";
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const formats = {
    count: (value) => number.format(value),
    amounts: (value) => `${number.format(value)}\u00a0kr`,
  };
  // At least 3:1 against white (WCAG 1.4.11): blue 8.9:1, brown 5.5:1, green 6.4:1.
  // Colour is never the only carrier: the legend names each series, the table has the values.
  const colours = ["#004f71", "#b04a00", "#2f6b2f"];
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  window.Chart.defaults.color = "#1a1a1a";
  window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;

  for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
    const spec = charts[canvas.dataset.chart];
    if (!spec || spec.labels.length === 0) continue;
    if (spec.datasets.every((set) => set.data.every((value) => !value))) continue;
    const container = canvas.parentElement;
    container.hidden = false;
    // Horizontal bars: the height grows with the number of bars so labels never overlap.
    const bars = spec.labels.length * spec.datasets.length;
    container.style.height = `${Math.max(12, 5 + bars + spec.labels.length * 0.5)}rem`;
    const format = formats[spec.kind];
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map((set, index) => ({
          ...set,
          backgroundColor: colours[index % colours.length],
          borderColor: colours[index % colours.length],
          borderWidth: 1,
        })),
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: reducedMotion ? false : { duration: 400 },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0, callback: (value) => format(value) } },
        },
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: { label: (item) => `${item.dataset.label}: ${format(item.parsed.x)}` },
          },
        },
      },
    });
  }
})();
