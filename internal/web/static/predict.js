// Rapport console: the RFM heat map and the cluster scatter chart.
(function () {
  "use strict";

  var palette = ["#2f6fdf", "#e07b39", "#3a9d6a", "#8a5cc7", "#c9485b", "#1f9bb0", "#a3892f", "#6b7280"];

  var builders = {
    heatmap: function (d) {
      var scores = ["1", "2", "3", "4", "5"];
      return {
        tooltip: {
          formatter: function (p) {
            return d.labels.r + " " + (p.value[1] + 1) + ", " + d.labels.f + " " + (p.value[0] + 1) + ": " + p.value[2];
          }
        },
        grid: { left: 16, right: 16, top: 16, bottom: 96, containLabel: true },
        xAxis: { type: "category", data: scores, name: d.labels.f, nameLocation: "middle", nameGap: 28, splitArea: { show: true } },
        yAxis: { type: "category", data: scores, name: d.labels.r, nameLocation: "middle", nameGap: 28, splitArea: { show: true } },
        visualMap: { min: 0, max: Math.max(d.max, 1), calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120,
          inRange: { color: ["#f4f7fd", "#2f6fdf"] } },
        series: [{ name: d.labels.count, type: "heatmap", data: d.cells, label: { show: true } }]
      };
    },
    scatter: function (d) {
      return {
        color: palette,
        tooltip: { trigger: "item" },
        legend: { top: 0, data: d.series.map(function (s) { return s.name; }) },
        grid: { left: 24, right: 24, top: 40, bottom: 40, containLabel: true },
        xAxis: { type: "value", name: d.labels.x, nameLocation: "middle", nameGap: 28, scale: true },
        yAxis: { type: "value", name: d.labels.y, nameLocation: "middle", nameGap: 36, scale: true },
        series: d.series.map(function (s) {
          return { name: s.name, type: "scatter", symbolSize: 5, data: s.points, large: true };
        })
      };
    }
  };

  function draw() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-predict-chart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-predict-chart")];
      var src = document.getElementById(el.getAttribute("data-source"));
      if (!build || !src) {
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(build(JSON.parse(src.textContent)));
      el.setAttribute("data-rendered", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
