// The compare page (templates/compare.md.j2): countries picked by name, their scores over the
// editions of an index drawn as a line chart, their latest figures and histories as tables.
//
// The data is in the page (<script type="application/json" id="compare-data">, written by
// generator/pages/derive_compare.py): nothing is fetched, so the page works from file:// in the
// offline bundle. The choice lives in the address's hash (#c=germany,france, and &i=nit for an
// index other than the first), read on load and on hashchange and written with
// history.replaceState, so a comparison can be bookmarked or shared. The picker is an ARIA 1.2
// combobox with a listbox popup (arrow keys, Enter, Escape). The chart uses the classes of
// charts.css (series-N colours for both schemes, a marker shape and a dash pattern per country,
// so colour is never the only cue); its figures are in the tables below it.
(function () {
  "use strict";
  var root = document.getElementById("compare");
  var source = document.getElementById("compare-data");
  if (!root || !source) return;
  var data = JSON.parse(source.textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var LIMIT = data.limit || 6;
  var MAX_OPTIONS = 20;
  var MARKERS = ["circle", "square", "triangle", "diamond", "triangle pointing down", "cross"];
  var DASHES = [null, "6 4", "2 3", "9 3 2 3"];
  var WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

  var input = document.getElementById("compare-input");
  var listbox = document.getElementById("compare-options");
  var indexBox = root.querySelector(".compare__index");
  var indexSelect = document.getElementById("compare-index");
  var chips = root.querySelector(".compare__chips");
  var status = root.querySelector(".compare__status");
  var results = root.querySelector(".compare__results");
  var chartBox = root.querySelector(".compare__chart");
  var latestBox = root.querySelector(".compare__latest");
  var historyBox = root.querySelector(".compare__history");

  var bySlug = {};
  data.countries.forEach(function (c) {
    c.key = fold(c.name);
    bySlug[c.slug] = c;
  });
  var indices = {};
  data.indices.forEach(function (ix) { indices[ix.id] = ix; });
  var defaultIndex = data.indices.length ? mostCovered() : null;

  var chosen = [];  // slugs, in the order picked
  var indexId = defaultIndex;
  var options = [];  // the countries the listbox offers
  var active = -1;  // the option the arrow keys are on

  // --- Helpers -------------------------------------------------------------------------------

  function fold(text) {  // for matching: no case, no accents
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function mostCovered() {  // the index with the most countries, first among equals
    var counts = {};
    data.countries.forEach(function (c) {
      Object.keys(c.scores).forEach(function (id) { counts[id] = (counts[id] || 0) + 1; });
    });
    var best = data.indices[0].id;
    data.indices.forEach(function (ix) { if ((counts[ix.id] || 0) > (counts[best] || 0)) best = ix.id; });
    return best;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function num(x) { return String(Math.round(x * 100) / 100); }

  function figure(ix, value) {  // a score as the report pages write it
    return value === null || value === undefined ? "—" : value.toFixed(ix.decimals);
  }

  function listWords(names) {
    if (names.length < 2) return names.join("");
    return names.slice(0, -1).join(", ") + " and " + names[names.length - 1];
  }

  function countWords(n, one, many) {
    return (n < WORDS.length ? WORDS[n] : String(n)) + " " + (n === 1 ? one : many);
  }

  function say(text) {
    // a polite live region reads a change of its text: clear it first, so a repeated message
    // is read again
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function statusClass(ix, n) {
    if (n === null || n === undefined) return "status-none";
    if (n === 0) return "status-high";
    return n === ix.statuses.length - 1 ? "status-low" : "status-mid";
  }

  function statusTag(ix, n) {
    if (n === null || n === undefined || !ix.statuses[n]) return document.createTextNode("—");
    return el("span", {"class": "status-tag " + statusClass(ix, n)}, ix.statuses[n]);
  }

  // --- The address ---------------------------------------------------------------------------

  function hashOf() {
    if (!chosen.length) return "";
    var h = "c=" + chosen.map(encodeURIComponent).join(",");
    return indexId && indexId !== defaultIndex ? h + "&i=" + encodeURIComponent(indexId) : h;
  }

  function readHash() {
    var fields = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) fields[part.slice(0, at)] = part.slice(at + 1);
    });
    var unknown = [];
    var slugs = [];
    (fields.c ? fields.c.split(",") : []).forEach(function (raw) {
      var slug;
      try { slug = decodeURIComponent(raw).trim(); } catch (e) { slug = raw; }
      if (!slug || slugs.indexOf(slug) >= 0) return;
      if (bySlug[slug]) slugs.push(slug); else unknown.push(slug);
    });
    var dropped = slugs.slice(LIMIT);
    chosen = slugs.slice(0, LIMIT);
    var wanted = null;
    try { wanted = fields.i ? decodeURIComponent(fields.i) : null; } catch (e) { wanted = fields.i; }
    indexId = wanted && indices[wanted] ? wanted : defaultIndex;
    var notes = [];
    if (unknown.length) {
      notes.push("Not on this site, left out: " + unknown.join(", ") + ".");
    }
    if (dropped.length) {
      notes.push("Only " + LIMIT + " countries are compared at once; left out: "
                 + dropped.map(function (s) { return bySlug[s].name; }).join(", ") + ".");
    }
    if (wanted && !indices[wanted]) notes.push("No index " + wanted + " here; showing "
                                                + indices[indexId].name + ".");
    return notes;
  }

  function writeHash() {
    var h = hashOf();
    if (h === window.location.hash.replace(/^#/, "")) return;
    try {
      window.history.replaceState(window.history.state, "",
                                  h ? "#" + h : window.location.pathname + window.location.search);
    } catch (e) {  // a browser may refuse it for a page opened from file://
      window.location.hash = h;
    }
  }

  // --- The picker (ARIA 1.2 combobox with a listbox popup) ----------------------------------

  function matches(text) {
    var key = fold(text.trim());
    if (!key) return [];
    var starts = [], words = [], inside = [];
    data.countries.forEach(function (c) {
      if (chosen.indexOf(c.slug) >= 0) return;
      var at = c.key.indexOf(key);
      if (at === 0) starts.push(c);
      else if (at > 0 && /[\s\-(']/.test(c.key.charAt(at - 1))) words.push(c);
      else if (at > 0) inside.push(c);
    });
    return starts.concat(words, inside).slice(0, MAX_OPTIONS);
  }

  function openList(list) {
    options = list;
    active = -1;
    listbox.textContent = "";
    list.forEach(function (c, i) {
      var li = el("li", {"id": "compare-option-" + i, "role": "option", "aria-selected": "false",
                         "class": "compare__option"});
      li.appendChild(document.createTextNode(c.name));
      li.appendChild(el("span", {"class": "compare__option-region"},
                        ", " + c.region + (c.territory ? " (territory)" : "")));
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { pick(c); });
      listbox.appendChild(li);
    });
    var open = list.length > 0;
    listbox.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  }

  function closeList() {
    options = [];
    active = -1;
    listbox.hidden = true;
    listbox.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function moveTo(i) {
    var items = listbox.children;
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = i;
    var item = items[i];
    item.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({block: "nearest"});
  }

  function pick(country) {
    closeList();
    if (chosen.indexOf(country.slug) >= 0) return;
    if (chosen.length >= LIMIT) {
      say("At most " + LIMIT + " countries at once: remove one to add " + country.name + ".");
      return;
    }
    input.value = "";
    chosen.push(country.slug);
    update();
    say(country.name + " added; " + countWords(chosen.length, "country", "countries")
        + " chosen." + coverageNote([country]));
  }

  input.addEventListener("input", function () { openList(matches(input.value)); });
  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden && options.length > 0;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) {
        openList(matches(input.value));
        if (!options.length) return;
      }
      var n = options.length;
      if (event.altKey) return;  // Alt+Down opens the list without moving into it
      moveTo(event.key === "ArrowDown" ? (active + 1) % n : (active - 1 + n) % n);
    } else if (event.key === "Enter") {
      var key = fold(input.value.trim());
      var exact = options.filter(function (c) { return c.key === key; });
      var choice = active >= 0 ? options[active] : exact.length ? exact[0]
        : options.length === 1 ? options[0] : null;
      if (choice) {
        event.preventDefault();
        pick(choice);
      } else if (input.value.trim()) {
        event.preventDefault();
        say("No country or territory by the name " + input.value.trim() + ".");
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        closeList();
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
      }
    } else if (event.key === "Tab") {
      closeList();
    }
  });
  input.addEventListener("blur", function () { closeList(); });

  indexSelect.addEventListener("change", function () {
    indexId = indexSelect.value;
    update();
    say("Showing " + indices[indexId].name + "." + coverageNote(chosenCountries()));
  });

  // --- Drawing -------------------------------------------------------------------------------

  function chosenCountries() {
    return chosen.map(function (s) { return bySlug[s]; });
  }

  function coverageNote(countries) {
    var ix = indices[indexId];
    var without = countries.filter(function (c) { return !c.scores[ix.id]; });
    if (!without.length) return "";
    return " No " + ix.name + " score for " + listWords(without.map(function (c) {
      return c.name;
    })) + ".";
  }

  function update() {
    renderIndexSelect();
    renderChips();
    var countries = chosenCountries();
    results.hidden = !countries.length;
    chartBox.textContent = "";
    latestBox.textContent = "";
    historyBox.textContent = "";
    if (countries.length) {
      var ix = indices[indexId];
      var drawn = countries.filter(function (c) { return c.scores[ix.id]; });
      chartBox.appendChild(drawn.length ? chart(ix, drawn) : el("p", {"class": "compare__none"},
        "None of the chosen countries has a " + ix.name + " score: choose another index."));
      latestBox.appendChild(scrolling(latestTable(ix, countries)));
      if (drawn.length) chartBox.appendChild(csvLink(ix, drawn));
      if (drawn.length) historyBox.appendChild(scrolling(historyTable(ix, drawn)));
      else historyBox.appendChild(el("p", {}, "No history to show."));
    }
    writeHash();
  }

  // The figures the chart draws, one row per country and edition, as a CSV file to save: a
  // data: URI, which works from file:// too. Text a spreadsheet would run as a formula gets a
  // leading apostrophe, as the site's other CSV files do (generator/pages/downloads.py).
  function csvCell(value) {
    if (value === null || value === undefined) return "";
    var text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csvLink(ix, countries) {
    var rows = [["Country", "Edition", ix.score, "Status"]];
    countries.forEach(function (c) {
      c.scores[ix.id].forEach(function (s) {
        rows.push([c.name, s[0], s[1], s[2] === null ? null : ix.statuses[s[2]]]);
      });
    });
    var text = rows.map(function (row) { return row.map(csvCell).join(","); }).join("\n") + "\n";
    var name = "compare-" + ix.id + "-" + countries.map(function (c) { return c.slug; }).join("-");
    return el("a", {"class": "chart-csv", "download": name + ".csv",
                    "href": "data:text/csv;charset=utf-8," + encodeURIComponent(text),
                    "aria-describedby": "compare-chart-title"},
              "Data as CSV");
  }

  function renderIndexSelect() {
    indexBox.hidden = data.indices.length < 2;
    if (indexSelect.options.length !== data.indices.length) {
      indexSelect.textContent = "";
      data.indices.forEach(function (ix) {
        indexSelect.appendChild(el("option", {"value": ix.id}, ix.name));
      });
    }
    indexSelect.value = indexId;
  }

  function renderChips() {
    chips.textContent = "";
    if (!chosen.length) {
      chips.appendChild(el("li", {"class": "compare__empty"}, "No country chosen yet."));
      return;
    }
    chosenCountries().forEach(function (c, i) {
      var li = el("li", {"class": "compare__chip"});
      var swatch = svg("svg", {"class": "compare__swatch", "viewBox": "0 0 28 14",
                               "width": "28", "height": "14", "aria-hidden": "true"});
      swatch.appendChild(svg("line", {"x1": 1, "y1": 7, "x2": 27, "y2": 7,
                                      "class": "line series-" + (i % 6),
                                      "stroke-dasharray": DASHES[i % DASHES.length]}));
      swatch.appendChild(marker(i, 14, 7, "marker series-" + (i % 6), 4.5));
      var box = el("span", {"class": "chart compare__key"});
      box.appendChild(swatch);
      li.appendChild(box);
      li.appendChild(el("a", {"href": c.url}, c.name));
      var remove = el("button", {"type": "button", "class": "compare__remove"});
      remove.appendChild(el("span", {"aria-hidden": "true"}, "×"));
      remove.appendChild(el("span", {"class": "visually-hidden"}, "Remove " + c.name));
      remove.addEventListener("click", function () { removeAt(i); });
      li.appendChild(remove);
      chips.appendChild(li);
    });
  }

  function removeAt(i) {
    var country = bySlug[chosen[i]];
    chosen.splice(i, 1);
    update();
    var buttons = chips.querySelectorAll(".compare__remove");
    (buttons[Math.min(i, buttons.length - 1)] || input).focus();
    say(country.name + " removed; " + countWords(chosen.length, "country", "countries")
        + " chosen.");
  }

  function marker(kind, x, y, cls, size) {
    var s = size;
    kind %= MARKERS.length;
    if (kind === 0) return svg("circle", {"cx": num(x), "cy": num(y), "r": num(s), "class": cls});
    if (kind === 1) {
      s *= 0.9;
      return svg("rect", {"x": num(x - s), "y": num(y - s), "width": num(2 * s),
                          "height": num(2 * s), "class": cls});
    }
    var pts;
    if (kind === 2) pts = [[0, -1.25 * s], [1.15 * s, 0.85 * s], [-1.15 * s, 0.85 * s]];
    else if (kind === 3) pts = [[0, -1.3 * s], [1.3 * s, 0], [0, 1.3 * s], [-1.3 * s, 0]];
    else if (kind === 4) pts = [[0, 1.25 * s], [1.15 * s, -0.85 * s], [-1.15 * s, -0.85 * s]];
    else {
      var a = 0.42 * s, b = 1.15 * s;
      pts = [[-b, -b + a], [-b + a, -b], [0, -a], [b - a, -b], [b, -b + a], [a, 0],
             [b, b - a], [b - a, b], [0, a], [-b + a, b], [-b, b - a], [-a, 0]];
    }
    var d = "M" + pts.map(function (p) { return num(x + p[0]) + " " + num(y + p[1]); })
      .join(" L") + " Z";
    return svg("path", {"d": d, "class": cls});
  }

  function niceTicks(lo, hi) {  // about five round steps (1, 2, 2.5, 5 x 10^k), as charts/_svg.py
    var span = hi - lo;
    var mag = Math.floor(Math.log10(span));
    var steps = [];
    for (var k = mag - 2; k < mag + 2; k++) {
      [1, 2, 2.5, 5].forEach(function (m) { steps.push(m * Math.pow(10, k)); });
    }
    var whole = function (v) { return Math.abs(v - Math.round(v)) < 1e-9; };
    var best = null;
    steps.forEach(function (st) {
      var n = span / st;
      if (n + 1e-9 >= 2 && n <= 10 && whole(n) && whole(lo / st)) {
        if (best === null || Math.abs(n - 5) < Math.abs(span / best - 5)) best = st;
      }
    });
    var ticks = [];
    if (best !== null) {
      for (var i = 0; i <= Math.round(span / best); i++) ticks.push(lo + i * best);
      return ticks;
    }
    var step = steps.filter(function (st) { return st >= span / 5 - 1e-12; })[0] || span;
    for (var t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
      ticks.push(Math.round(t * 1e10) / 1e10);
    }
    return ticks;
  }

  function runs(points) {  // stretches without a missing score; a missing one is a gap
    var out = [[]];
    points.forEach(function (p) {
      if (p[1] === null) {
        if (out[out.length - 1].length) out.push([]);
      } else {
        out[out.length - 1].push(p);
      }
    });
    return out.filter(function (r) { return r.length; });
  }

  function chart(ix, countries) {
    var W = 640, PLOT_H = 220, FONT = 12;
    var series = countries.map(function (c) {
      return {country: c, index: chosen.indexOf(c.slug), points: c.scores[ix.id].map(function (e) {
        return [e[0], e[1]];
      })};
    });
    var years = [];
    var lo = ix.min, hi = ix.max;
    series.forEach(function (s) {
      s.points.forEach(function (p) {
        if (years.indexOf(p[0]) < 0) years.push(p[0]);
        if (p[1] !== null) { lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); }
      });
    });
    years.sort(function (a, b) { return a - b; });
    var first = years[0], last = years[years.length - 1];
    var names = countries.map(function (c) { return c.name; });
    var title = ix.score + ", " + ix.name + ": " + listWords(names);
    var desc = ix.score + " of " + listWords(names) + " in each edition of " + ix.name + " from "
      + first + " to " + last + ", on a scale of " + ix.min + " to " + ix.max + " ("
      + (ix.higher ? "higher" : "lower") + " is better). The tables below give the figures.";

    var fig = el("figure", {"class": "chart chart-line compare__figure"});
    fig.appendChild(el("figcaption", {"class": "chart-caption", "id": "compare-chart-title"},
                       title));
    var body = [];
    body.push(svg("text", {"x": 0, "y": 12, "class": "axis-label"},
                  ix.score + " (" + (ix.higher ? "higher" : "lower") + " is better)"));
    var top = 20;
    // the legend: a line, a marker and the name of each country, in rows
    var x0 = 0, row = 0;
    var legend = svg("g", {"class": "legend"});
    series.forEach(function (s, k) {
      var w = 30 + s.country.name.length * FONT * 0.58;
      if (k > 0 && x0 + w > W) { row += 1; x0 = 0; }
      var y = top + 12 + row * 18;
      var i = s.index;
      legend.appendChild(svg("line", {"x1": num(x0), "y1": num(y - 4), "x2": num(x0 + 24),
                                      "y2": num(y - 4), "class": "line series-" + (i % 6),
                                      "stroke-dasharray": DASHES[i % DASHES.length]}));
      legend.appendChild(marker(i, x0 + 12, y - 4, "marker series-" + (i % 6), 4.5));
      legend.appendChild(svg("text", {"x": num(x0 + 30), "y": num(y), "class": "legend-label"},
                             s.country.name));
      x0 += w + 18;
    });
    body.push(legend);
    top += (row + 1) * 18 + 12;

    var ticks = niceTicks(lo, hi);
    var tickDecimals = ticks.some(function (t) { return !Number.isInteger(t); }) ? 1 : 0;
    var left = Math.max.apply(null, ticks.map(function (t) {
      return t.toFixed(tickDecimals).length * (FONT - 1) * 0.58;
    })) + 8;
    var right = W - (ix.decimals + 4) * FONT * 0.58 - 12;
    var bottom = top + PLOT_H;
    var xOf = function (yr) {
      return last === first ? (left + right) / 2
        : left + 12 + (yr - first) * (right - left - 24) / (last - first);
    };
    var yOf = function (v) {
      var f = (v - lo) / (hi - lo);
      return ix.higher ? bottom - f * PLOT_H : top + f * PLOT_H;
    };
    var grid = ticks.map(function (t) {
      return "M" + num(left) + " " + num(yOf(t)) + "H" + num(right);
    }).join("");
    body.push(svg("path", {"d": grid, "class": "grid"}));
    var tickLabels = svg("g", {"class": "tick-label", "text-anchor": "end"});
    ticks.forEach(function (t) {
      tickLabels.appendChild(svg("text", {"x": num(left - 6), "y": num(yOf(t) + 4)},
                                 t.toFixed(tickDecimals)));
    });
    body.push(tickLabels);
    var labelled = years;
    if (last - first + 1 > 12) {
      var step = [2, 5, 10, 20, 25, 50].filter(function (st) {
        return Math.floor(last / st) - Math.ceil(first / st) + 1 <= 12;
      })[0] || 100;
      labelled = [];
      for (var yr = Math.ceil(first / step) * step; yr <= last; yr += step) labelled.push(yr);
    }
    var axis = "M" + num(left) + " " + num(bottom) + "H" + num(right) + labelled.map(function (y) {
      return "M" + num(xOf(y)) + " " + num(bottom) + "V" + num(bottom + 4);
    }).join("");
    body.push(svg("path", {"d": axis, "class": "axis"}));
    var yearLabels = svg("g", {"class": "tick-label", "text-anchor": "middle"});
    labelled.forEach(function (y) {
      yearLabels.appendChild(svg("text", {"x": num(xOf(y)), "y": num(bottom + 17)}, String(y)));
    });
    body.push(yearLabels);

    var ends = [];
    series.forEach(function (s) {
      var i = s.index, cls = "series-" + (i % 6);
      var g = svg("g", {"class": "series"});
      var parts = runs(s.points);
      parts.forEach(function (run) {
        if (run.length > 1) {
          g.appendChild(svg("path", {
            "d": "M" + run.map(function (p) { return num(xOf(p[0])) + " " + num(yOf(p[1])); })
              .join(" L"),
            "class": "line " + cls, "fill": "none", "stroke-dasharray": DASHES[i % DASHES.length]}));
        }
      });
      parts.forEach(function (run) {
        run.forEach(function (p) { g.appendChild(marker(i, xOf(p[0]), yOf(p[1]), "marker " + cls, 4)); });
      });
      body.push(g);
      if (parts.length) {
        var lastRun = parts[parts.length - 1];
        var end = lastRun[lastRun.length - 1];
        ends.push({series: s, year: end[0], value: end[1], y: yOf(end[1]) + 4});
      }
    });
    // the last score of each country beside its end, spread so that no two labels overlap
    ends.sort(function (a, b) { return a.y - b.y; });
    for (var k = 1; k < ends.length; k++) {
      if (ends[k].year === ends[k - 1].year) ends[k].y = Math.max(ends[k].y, ends[k - 1].y + 13);
    }
    var labels = svg("g", {"class": "labels"});
    ends.forEach(function (e) {
      var i = e.series.index;
      labels.appendChild(marker(i, xOf(e.year) + 13, e.y - 4, "marker series-" + (i % 6), 3.2));
      labels.appendChild(svg("text", {"x": num(xOf(e.year) + 19), "y": num(e.y),
                                      "class": "value-label"}, figure(ix, e.value)));
    });
    body.push(labels);

    var height = Math.max(bottom + 24, ends.length ? ends[ends.length - 1].y + 6 : 0);
    var root = svg("svg", {"class": "chart-svg", "viewBox": "0 0 " + W + " " + num(height),
                           "role": "img",
                           "aria-labelledby": "compare-chart-title compare-chart-desc"});
    root.appendChild(svg("title", {"id": "compare-chart-title"}, title));
    root.appendChild(svg("desc", {"id": "compare-chart-desc"}, desc));
    body.forEach(function (node) { root.appendChild(node); });
    fig.appendChild(root);
    return fig;
  }

  function scrolling(table) {  // as Material wraps a Markdown table: it scrolls, not the page
    // focusable, so that a keyboard can scroll it on a narrow screen, and named by its caption
    var wrap = el("div", {"class": "md-typeset__scrollwrap", "tabindex": "0", "role": "region",
                          "aria-label": table.querySelector("caption").textContent});
    wrap.appendChild(el("div", {"class": "md-typeset__table"})).appendChild(table);
    return wrap;
  }

  function latestTable(ix, countries) {
    var table = el("table");  // no class: Material styles the tables of Markdown, class-less
    table.appendChild(el("caption", {}, "Latest " + ix.name + " figures of the chosen countries"));
    var head = el("tr");
    ["Country", "Region", "Edition", ix.score, "Status"].forEach(function (h) {
      head.appendChild(el("th", {"scope": "col"}, h));
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    countries.forEach(function (c) {
      var tr = el("tr");
      var th = el("th", {"scope": "row"});
      th.appendChild(el("a", {"href": c.url}, c.name));
      tr.appendChild(th);
      tr.appendChild(el("td", {}, c.region + (c.territory ? " (territory)" : "")));
      var entries = c.scores[ix.id];
      if (!entries) {
        var none = el("td", {"colspan": "3"}, "No " + ix.name + " score");
        tr.appendChild(none);
      } else {
        var e = entries[entries.length - 1];
        var edition = el("td");
        edition.appendChild(el("a", {"href": c.latest[ix.id]}, String(e[0])));
        tr.appendChild(edition);
        tr.appendChild(el("td", {"class": "compare__number"},
                          e[1] === null ? "—" : figure(ix, e[1]) + " / " + ix.max));
        var cell = el("td");
        cell.appendChild(statusTag(ix, e[2]));
        tr.appendChild(cell);
      }
      body.appendChild(tr);
    });
    return table;
  }

  function historyTable(ix, countries) {
    var table = el("table");
    table.appendChild(el("caption", {}, ix.score + ", " + ix.name + ", by edition"));
    var head = el("tr");
    head.appendChild(el("th", {"scope": "col"}, "Edition"));
    countries.forEach(function (c) { head.appendChild(el("th", {"scope": "col"}, c.name)); });
    table.appendChild(el("thead")).appendChild(head);
    var years = [];
    var lookup = countries.map(function (c) {
      var m = {};
      c.scores[ix.id].forEach(function (e) {
        m[e[0]] = e;
        if (years.indexOf(e[0]) < 0) years.push(e[0]);
      });
      return m;
    });
    years.sort(function (a, b) { return b - a; });  // newest first, as the latest figures
    var body = table.appendChild(el("tbody"));
    years.forEach(function (yr) {
      var tr = el("tr");
      tr.appendChild(el("th", {"scope": "row"}, String(yr)));
      lookup.forEach(function (m) {
        var e = m[yr];
        var td = el("td");
        if (!e) {
          td.textContent = "no data";
          td.className = "compare__missing";
        } else {
          td.appendChild(document.createTextNode(figure(ix, e[1])));
          if (e[2] !== null && ix.statuses[e[2]]) {
            td.appendChild(document.createTextNode(" "));
            td.appendChild(statusTag(ix, e[2]));
          }
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    return table;
  }

  // --- Start ---------------------------------------------------------------------------------

  function fromAddress(announce) {
    var notes = readHash();
    update();
    var names = chosenCountries().map(function (c) { return c.name; });
    if (announce || notes.length) {
      say((names.length ? "Comparing " + listWords(names) + "." : "No country chosen.")
          + (notes.length ? " " + notes.join(" ") : ""));
    }
  }

  window.addEventListener("hashchange", function () {
    if (window.location.hash.replace(/^#/, "") !== hashOf()) fromAddress(true);
  });
  root.hidden = false;
  fromAddress(false);
})();
