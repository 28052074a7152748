// Rapport console: draws the charts whose data the page embeds as JSON.
(function () {
  "use strict";

  var palette = ["#2f6fdf", "#e07b39", "#3a9d6a", "#8a5cc7"];

  function money(v) {
    return Number(v).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function count(v) {
    return Number(v).toLocaleString("en-US");
  }

  function base(d, legend) {
    return {
      color: palette,
      tooltip: { trigger: "axis" },
      legend: { data: legend, top: 0 },
      grid: { left: 16, right: 16, bottom: 8, top: 48, containLabel: true },
      xAxis: { type: "category", data: d.months }
    };
  }

  var builders = {
    orders: function (d) {
      var o = base(d, [d.labels.orders, d.labels.revenue]);
      o.yAxis = [
        { type: "value", name: d.labels.orders, axisLabel: { formatter: count } },
        { type: "value", name: d.labels.revenue, axisLabel: { formatter: count }, splitLine: { show: false } }
      ];
      o.series = [
        { name: d.labels.orders, type: "bar", data: d.orders, tooltip: { valueFormatter: count } },
        { name: d.labels.revenue, type: "line", yAxisIndex: 1, data: d.revenue, smooth: true, tooltip: { valueFormatter: money } }
      ];
      return o;
    },
    sizes: function (d) {
      var o = base({ months: d.days }, [d.labels.size]);
      o.yAxis = { type: "value", minInterval: 1, axisLabel: { formatter: count } };
      o.series = [{ name: d.labels.size, type: "line", data: d.sizes, step: "end", showSymbol: true, symbolSize: 6, tooltip: { valueFormatter: count } }];
      return o;
    },
    customers: function (d) {
      var o = base(d, [d.labels.new_customers, d.labels.buyers]);
      o.color = [palette[2], palette[3]];
      o.yAxis = { type: "value", minInterval: 1, axisLabel: { formatter: count } };
      o.series = [
        { name: d.labels.new_customers, type: "bar", data: d.new_customers, tooltip: { valueFormatter: count } },
        { name: d.labels.buyers, type: "bar", data: d.buyers, tooltip: { valueFormatter: count } }
      ];
      return o;
    }
  };

  function readJSON(id) {
    var el = id && document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function drawCharts() {
    if (!window.echarts) {
      return;
    }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-chart")];
      var data = readJSON(el.getAttribute("data-source"));
      if (!build || !data) {
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(build(data));
      el.setAttribute("data-rendered", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", drawCharts);
})();
