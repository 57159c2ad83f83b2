// The search page's first tier (see search-page.js): every page's title, headings and filter
// values, from pagefind/quick.json (generator/search.py, `quick_index`), searched here in the
// page. Pagefind's full text takes half a second or more for a common word on a large site;
// this takes a few milliseconds, so its results are shown first.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // A light stemmer, so that "elections" finds "Electoral" and "independent" "Independence"
  // (Pagefind stems too): the longest of these endings that leaves four letters or more.
  var ENDINGS = ["ations", "ation", "ences", "ence", "ances", "ance", "ions", "ion", "ents",
                 "ent", "ial", "al", "ing", "ed", "es", "s"];

  function stem(word) {
    for (var i = 0; i < ENDINGS.length; i++) {
      var end = ENDINGS[i];
      if (word.length - end.length >= 4 && word.endsWith(end) &&
          !(end === "s" && word.endsWith("ss"))) {
        return word.slice(0, -end.length);
      }
    }
    return word;
  }

  var TITLE = 3;  // a word in the title counts three times a word in a heading
  var HEADING = 1;
  var ONE_PLACE = 1;  // bonus: every word of the query in the title or in one heading

  function Index(data, base) {
    this.base = base;
    this.headings = data.headings.map(function (h) {
      return { text: h[0], anchor: h[1], tokens: tokens(h[0]) };
    });
    this.facets = data.facets;
    this.facetIndex = {};
    var facetIndex = this.facetIndex;
    data.facets.forEach(function (f, i) { facetIndex[f[0] + "\u0000" + f[1]] = i; });
    this.pages = data.pages.map(function (p) {
      return { id: p[0], url: p[1], title: p[2], tokens: tokens(p[2]), facets: p[3],
               headings: p[4] };
    });
  }

  // Pages whose title or headings hold every word of `term` (a word's stem starts one of their
  // words), with `filters` ({name: value}) as Pagefind applies them; best first, then in the
  // file's order (pages without a year, then the newest).
  Index.prototype.search = function (term, filters) {
    var stems = tokens(term || "").map(stem);
    if (!stems.length) return [];
    var wanted = [];
    var self = this;
    var impossible = Object.keys(filters || {}).some(function (name) {
      var i = self.facetIndex[name + "\u0000" + filters[name]];
      wanted.push(i);
      return i === undefined;
    });
    if (impossible) return [];
    // For each heading, which query words it holds (a bit each).
    var all = (1 << Math.min(stems.length, 30)) - 1;
    function bits(words) {
      var found = 0;
      stems.forEach(function (s, i) {
        if (i < 30 && words.some(function (w) { return w.startsWith(s); })) found |= 1 << i;
      });
      return found;
    }
    function count(b) {
      var n = 0;
      for (; b; b &= b - 1) n++;
      return n;
    }
    // How well one place (the title or a heading) fits the query: the share of its words found.
    function fit(b, words) {
      return b === all ? count(b) / Math.max(words.length, 1) : 0;
    }
    var headingBits = this.headings.map(function (h) { return bits(h.tokens); });
    var found = [];
    this.pages.forEach(function (page, order) {
      if (wanted.some(function (f) { return page.facets.indexOf(f) < 0; })) return;
      var inTitle = bits(page.tokens);
      var inHeadings = 0;
      var best = fit(inTitle, page.tokens);
      var sections = [];
      page.headings.forEach(function (h) {
        var b = headingBits[h];
        if (!b) return;
        inHeadings |= b;
        best = Math.max(best, fit(b, self.headings[h].tokens));
        if (b & ~inTitle) sections.push(h);  // not a heading that only repeats the title's
      });
      if (((inTitle | inHeadings) & all) !== all) return;
      // Every word counts; a place that holds them all counts more, and the more of its
      // words are the query's, the more (the country's page first for its name).
      var score = best ? ONE_PLACE + best : 0;
      stems.forEach(function (s, i) {
        score += inTitle & (1 << i) ? TITLE : HEADING;
      });
      // The headings with the most of the words first.
      sections.sort(function (a, b) { return count(headingBits[b]) - count(headingBits[a]); });
      found.push({ page: page, score: score, order: order, sections: sections });
    });
    found.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return found.map(function (f) { return self.result(f); });
  };

  // A result: its Pagefind id and address, and what to show, made only for results shown.
  Index.prototype.result = function (f) {
    var self = this;
    var url = this.base + f.page.url.replace(/^\//, "");
    return {
      id: f.page.id,
      url: url,
      view: function () {
        var title = f.page.title;
        return {
          url: url,
          title: title,
          // The filter values the title does not already say (e.g. "Report").
          about: f.page.facets.map(function (i) { return self.facets[i][1]; })
                    .filter(function (v) { return fold(title).indexOf(fold(v)) < 0; }),
          sections: f.sections.slice(0, 3).map(function (h) {
            var heading = self.headings[h];
            return { url: url + "#" + heading.anchor, text: heading.text };
          })
        };
      }
    };
  };

  // Loads the quick index; resolves to an Index, or to null if the site has none.
  window.siteQuickSearch = {
    load: async function (url, base) {
      try {
        var response = await fetch(url);
        if (!response.ok) return null;
        return new Index(await response.json(), base);
      } catch (error) {
        return null;
      }
    },
    stem: stem
  };
})();
