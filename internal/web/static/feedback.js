// Rapport console: the charts of the satisfaction, voice-of-customer pages.
(function () {
  "use strict";

  var palette = ["#2f6fdf", "#e07b39", "#3a9d6a", "#b91c1c", "#8a5cc7"];

  var builders = {
    trend: function (d) {
      var band = d.high.map(function (h, i) { return h - d.low[i]; });
      return {
        color: palette,
        tooltip: { trigger: "axis" },
        grid: { left: 16, right: 16, bottom: 8, top: 32, containLabel: true },
        xAxis: { type: "category", data: d.periods },
        yAxis: { type: "value", scale: true },
        series: [
          { name: "low", type: "line", data: d.low, stack: "ci", lineStyle: { opacity: 0 }, symbol: "none", tooltip: { show: false } },
          { name: "95%", type: "line", data: band, stack: "ci", lineStyle: { opacity: 0 }, symbol: "none", areaStyle: { color: "#2f6fdf", opacity: 0.15 }, tooltip: { show: false } },
          { name: d.labels.score, type: "line", data: d.values, smooth: true }
        ]
      };
    },
    quadrant: function (d) {
      return {
        color: [palette[3]],
        tooltip: { formatter: function (p) { return p.data[2] + ": " + d.labels.importance + " " + p.data[0] + ", " + d.labels.performance + " " + p.data[1]; } },
        grid: { left: 16, right: 32, bottom: 24, top: 32, containLabel: true },
        xAxis: { type: "value", name: d.labels.importance, min: 0, max: 1, splitLine: { show: false } },
        yAxis: { type: "value", name: d.labels.performance, min: 0, max: 1, splitLine: { show: false } },
        series: [{
          type: "scatter", symbolSize: 14,
          data: (d.quadrant || []).map(function (q) { return [q.importance, q.performance, q.name]; }),
          label: { show: true, position: "right", formatter: function (p) { return p.data[2]; } },
          markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#999" }, data: [{ xAxis: 0.5 }, { yAxis: 0.5 }] }
        }]
      };
    },
    sentiment: function (d) {
      var keys = ["positive", "neutral", "negative"];
      return {
        color: [palette[2], "#9aa3b2", palette[3]],
        tooltip: { trigger: "axis" },
        legend: { data: keys.map(function (k) { return d.labels[k]; }), top: 0 },
        grid: { left: 16, right: 16, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: "category", data: d.periods },
        yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
        series: keys.map(function (k) { return { name: d.labels[k], type: "bar", stack: "s", data: (d.series || {})[k] || [] }; })
      };
    },
    aspects: function (d) {
      var bars = (d.bars || []).slice().reverse();
      return {
        color: [palette[3], "#9aa3b2"],
        tooltip: { trigger: "axis" },
        legend: { data: [d.labels.negative_mentions, d.labels.other_mentions], top: 0 },
        grid: { left: 16, right: 16, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: bars.map(function (b) { return b.name; }) },
        series: [
          { name: d.labels.negative_mentions, type: "bar", stack: "m", data: bars.map(function (b) { return b.negative; }) },
          { name: d.labels.other_mentions, type: "bar", stack: "m", data: bars.map(function (b) { return b.other; }) }
        ]
      };
    }
  };

  function draw() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-fchart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-fchart")];
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
