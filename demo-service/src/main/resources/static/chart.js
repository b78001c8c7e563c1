/*
 * A small live line chart on a <canvas>, no library: two series that share the time axis, each
 * with its own value axis (left and right). The canvas's data-points attribute counts the samples
 * plotted, so that a test can tell the chart was really drawn.
 */
"use strict";

function LiveChart(canvas, options) {
  this.canvas = canvas;
  this.capacity = options.capacity;
  this.periodSeconds = options.periodSeconds;
  this.series = options.series.map(function (s) { return { label: s.label, color: s.color, values: [] }; });
}

LiveChart.prototype.add = function (values) {
  for (var i = 0; i < this.series.length; i++) {
    var list = this.series[i].values;
    list.push(values[i]);
    if (list.length > this.capacity) {
      list.shift();
    }
  }
  this.draw();
};

LiveChart.niceMax = function (value) {
  if (!(value > 0)) {
    return 1;
  }
  var magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  var steps = [1, 2, 2.5, 5, 10];
  for (var i = 0; i < steps.length; i++) {
    if (value <= steps[i] * magnitude) {
      return steps[i] * magnitude;
    }
  }
  return 10 * magnitude;
};

LiveChart.format = function (value) {
  if (value >= 1e6) { return (value / 1e6).toFixed(value >= 1e7 ? 0 : 1) + "M"; }
  if (value >= 1e3) { return (value / 1e3).toFixed(value >= 1e4 ? 0 : 1) + "k"; }
  return String(Math.round(value * 10) / 10);
};

LiveChart.prototype.draw = function () {
  var canvas = this.canvas;
  var ratio = window.devicePixelRatio || 1;
  var width = canvas.clientWidth || canvas.width;
  var height = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  var g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);

  var left = 52, right = 52, top = 10, bottom = 22;
  var plotWidth = width - left - right, plotHeight = height - top - bottom;
  var scales = this.series.map(function (s) { return LiveChart.niceMax(Math.max.apply(null, s.values.concat([0]))); });

  g.font = "11px system-ui, sans-serif";
  g.lineWidth = 1;
  g.strokeStyle = "#e3e7ee";
  g.fillStyle = "#6b7385";
  var gridLines = 4;
  for (var k = 0; k <= gridLines; k++) {
    var y = top + plotHeight - plotHeight * k / gridLines;
    g.beginPath();
    g.moveTo(left, Math.round(y) + 0.5);
    g.lineTo(left + plotWidth, Math.round(y) + 0.5);
    g.stroke();
    g.textAlign = "right";
    g.fillStyle = this.series[0].color;
    g.fillText(LiveChart.format(scales[0] * k / gridLines), left - 6, y + 4);
    if (this.series.length > 1) {
      g.textAlign = "left";
      g.fillStyle = this.series[1].color;
      g.fillText(LiveChart.format(scales[1] * k / gridLines), left + plotWidth + 6, y + 4);
    }
  }
  g.fillStyle = "#6b7385";
  g.textAlign = "left";
  g.fillText("-" + Math.round(this.capacity * this.periodSeconds) + " s", left, height - 6);
  g.textAlign = "right";
  g.fillText("now", left + plotWidth, height - 6);

  var step = plotWidth / Math.max(1, this.capacity - 1);
  var points = 0;
  for (var i = 0; i < this.series.length; i++) {
    var values = this.series[i].values;
    var offset = this.capacity - values.length;
    g.strokeStyle = this.series[i].color;
    g.lineWidth = 2;
    g.lineJoin = "round";
    g.beginPath();
    for (var j = 0; j < values.length; j++) {
      var x = left + (offset + j) * step;
      var yValue = top + plotHeight - plotHeight * Math.min(1, values[j] / scales[i]);
      if (j === 0) {
        g.moveTo(x, yValue);
      } else {
        g.lineTo(x, yValue);
      }
    }
    g.stroke();
    points = Math.max(points, values.length);
  }
  canvas.setAttribute("data-points", String(points));
};
