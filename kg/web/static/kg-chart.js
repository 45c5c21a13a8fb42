/* A YASR plugin that draws SELECT results as a chart, in SVG made here (no chart library, no
 * inline style: colours come from style.css by class).
 *
 * The first column whose values are all numbers is the height; further number columns are more
 * series. The first other column is the x axis: numbers or dates make a line chart in their
 * order, anything else a bar chart in the rows' order (at most MAX_ROWS rows).
 */
(function () {
  "use strict";
  if (!window.Yasgui || !window.Yasgui.Yasr) {
    return;
  }
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_ROWS = 200;
  var WIDTH = 720;
  var HEIGHT = 320;
  var M = { left: 56, right: 16, top: 16, bottom: 72 };
  var NUMERIC = /#(integer|decimal|double|float|long|int|short|byte|nonNegativeInteger|positiveInteger|negativeInteger|nonPositiveInteger|unsignedInt|unsignedLong)$/;

  function isNumber(binding) {
    if (!binding || binding.type === "uri" || binding.type === "bnode") {
      return false;
    }
    if (binding.datatype && NUMERIC.test(binding.datatype)) {
      return true;
    }
    return !binding.datatype && binding.value !== "" && !isNaN(Number(binding.value));
  }

  function isDate(binding) {
    return !!binding && /^\d{4}-\d\d-\d\d/.test(binding.value);
  }

  function columns(results) {
    var vars = results.getVariables();
    var rows = results.getBindings().slice(0, MAX_ROWS);
    var numbers = vars.filter(function (v) {
      return rows.length > 0 && rows.every(function (r) {
        return isNumber(r[v]);
      });
    });
    var x = vars.filter(function (v) {
      return numbers.indexOf(v) < 0;
    })[0];
    if (!x && numbers.length > 1) {
      x = numbers.shift();
    }
    return { x: x, series: numbers, rows: rows };
  }

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function shown(binding, prefixes) {
    if (!binding) {
      return "";
    }
    if (binding.type === "uri") {
      for (var p in prefixes) {
        if (binding.value.indexOf(prefixes[p]) === 0) {
          return p + ":" + binding.value.slice(prefixes[p].length);
        }
      }
    }
    return binding.value;
  }

  function Chart(yasr) {
    this.yasr = yasr;
    this.priority = 5;
    this.label = "Chart";
    this.helpReference = undefined;
  }

  Chart.prototype.canHandleResults = function () {
    var results = this.yasr.results;
    if (!results || results.hasError() || results.getType() !== "json" || !results.getBindings) {
      return false;
    }
    try {
      return columns(results).series.length > 0;
    } catch (e) {
      return false;
    }
  };

  Chart.prototype.getIcon = function () {
    var icon = document.createElement("div");
    icon.className = "kg-chart-icon";
    icon.textContent = "▤";
    return icon;
  };

  Chart.prototype.draw = function () {
    var c = columns(this.yasr.results);
    var prefixes = (typeof this.yasr.getPrefixes === "function" && this.yasr.getPrefixes()) || {};
    var rows = c.rows;
    var line = rows.length > 1 && rows.every(function (r) {
      return isNumber(r[c.x]) || isDate(r[c.x]);
    });
    if (line) {
      rows = rows.slice().sort(function (a, b) {
        var x = a[c.x].value, y = b[c.x].value;
        return isNumber(a[c.x]) ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
      });
    }
    var max = 0, min = 0;
    rows.forEach(function (r) {
      c.series.forEach(function (s) {
        max = Math.max(max, Number(r[s].value));
        min = Math.min(min, Number(r[s].value));
      });
    });
    if (max === min) {
      max = min + 1;
    }
    var w = WIDTH - M.left - M.right, h = HEIGHT - M.top - M.bottom;
    var y = function (v) {
      return M.top + h - (h * (v - min)) / (max - min);
    };
    var svg = el("svg", { viewBox: "0 0 " + WIDTH + " " + HEIGHT, class: "kg-chart " + (line ? "kg-line" : "kg-bars"), role: "img" });
    svg.appendChild(el("title", {}, c.series.join(", ") + (c.x ? " by " + c.x : "")));
    for (var t = 0; t <= 4; t++) {
      var v = min + ((max - min) * t) / 4;
      svg.appendChild(el("line", { class: "grid", x1: M.left, x2: WIDTH - M.right, y1: y(v), y2: y(v) }));
      svg.appendChild(el("text", { class: "tick", x: M.left - 6, y: y(v) + 4, "text-anchor": "end" }, String(Math.round(v * 100) / 100)));
    }
    var n = rows.length;
    var slot = w / Math.max(1, n);
    rows.forEach(function (r, i) {
      var cx = M.left + slot * (i + 0.5);
      var label = c.x ? shown(r[c.x], prefixes) : String(i + 1);
      if (n <= 40 || i % Math.ceil(n / 40) === 0) {
        svg.appendChild(el("text", { class: "tick", x: cx, y: HEIGHT - M.bottom + 14, "text-anchor": "end", transform: "rotate(-35 " + cx + " " + (HEIGHT - M.bottom + 14) + ")" }, label.slice(0, 24)));
      }
      if (!line) {
        c.series.forEach(function (s, k) {
          var bw = (slot * 0.8) / c.series.length;
          var value = Number(r[s].value);
          var top = y(Math.max(0, value)), bottom = y(Math.min(0, value));
          var bar = el("rect", { class: "bar s" + (k % 6), x: M.left + slot * i + slot * 0.1 + bw * k, y: top, width: bw, height: Math.max(1, bottom - top) });
          bar.appendChild(el("title", {}, label + " · " + s + ": " + r[s].value));
          svg.appendChild(bar);
        });
      }
    });
    if (line) {
      c.series.forEach(function (s, k) {
        var points = rows.map(function (r, i) {
          return M.left + slot * (i + 0.5) + "," + y(Number(r[s].value));
        });
        svg.appendChild(el("polyline", { class: "line s" + (k % 6), points: points.join(" ") }));
        rows.forEach(function (r, i) {
          var dot = el("circle", { class: "point s" + (k % 6), cx: M.left + slot * (i + 0.5), cy: y(Number(r[s].value)), r: 4 });
          dot.appendChild(el("title", {}, shown(r[c.x], prefixes) + " · " + s + ": " + r[s].value));
          svg.appendChild(dot);
        });
      });
    }
    var legend = document.createElement("p");
    legend.className = "kg-chart-legend";
    c.series.forEach(function (s, k) {
      var item = document.createElement("span");
      item.className = "key s" + (k % 6);
      item.textContent = s;
      legend.appendChild(item);
    });
    var out = this.yasr.resultsEl;
    out.textContent = "";
    var figure = document.createElement("figure");
    figure.className = "kg-chart-figure";
    figure.appendChild(svg);
    figure.appendChild(legend);
    if (c.rows.length < this.yasr.results.getBindings().length) {
      var note = document.createElement("p");
      note.className = "note";
      note.textContent = "The chart shows the first " + MAX_ROWS + " rows.";
      figure.appendChild(note);
    }
    out.appendChild(figure);
  };

  window.Yasgui.Yasr.registerPlugin("chart", Chart);
})();
