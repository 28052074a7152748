// Rapport console: the SLA report's charts — % of targets met and the median
// first-response and resolution times, per month, team or case type.
(function () {
  "use strict";

  var palette = ["#2f6fdf", "#e07b39", "#3a9d6a"];

  function hours(minutes) {
    return (Number(minutes) / 60).toLocaleString("en-US", { maximumFractionDigits: 1 }) + " h";
  }

  function pct(v) {
    return Number(v).toLocaleString("en-US", { maximumFractionDigits: 1 }) + "%";
  }

  function sla(d) {
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [d.labels.first, d.labels.resolution, d.labels.pct_met] },
      grid: { left: 16, right: 16, bottom: 8, top: 48, containLabel: true },
      xAxis: { type: "category", data: d.keys },
      yAxis: [
        { type: "value", name: d.labels.minutes, axisLabel: { formatter: hours } },
        { type: "value", name: d.labels.pct_met, min: 0, max: 100, axisLabel: { formatter: pct }, splitLine: { show: false } }
      ],
      series: [
        { name: d.labels.first, type: "bar", data: d.first, tooltip: { valueFormatter: hours } },
        { name: d.labels.resolution, type: "bar", data: d.resolution, tooltip: { valueFormatter: hours } },
        { name: d.labels.pct_met, type: "line", yAxisIndex: 1, data: d.pct_met, tooltip: { valueFormatter: pct } }
      ]
    };
  }

  function draw() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-sla-chart]").forEach(function (el) {
      var src = document.getElementById(el.getAttribute("data-source"));
      if (!src) {
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(sla(JSON.parse(src.textContent)));
      el.setAttribute("data-rendered", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
