// The search page, over the Pagefind index that `python -m generator build` writes into
// pagefind/ (generator/search.py). The query and the filters live in the address
// (?q=...&country=...), so a search can be bookmarked or shared, and the header's search box
// opens this page with ?q=. Result text comes from the index: it is inserted as text, and only
// Pagefind's <mark> highlights are kept as elements.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.querySelector("form.site-search-page");
  if (!form || !script) return;
  var input = form.querySelector("#search-query");
  var filterBox = form.querySelector(".site-search-page__filters");
  var status = document.querySelector(".site-search-page__status");
  var list = document.querySelector(".site-search-page__results");
  var more = document.querySelector(".site-search-page__more");
  var bundle = new URL(script.getAttribute("data-bundle"), window.location.href);
  var PAGE_SIZE = 10;
  var TYPING_PAUSE_MS = 100;
  var SLOW_SEARCH_MS = 400;
  // A large site's index is in parts of about 1,000 pages (generator/search.py). The parts are
  // dealt to a few copies of Pagefind, one per core up to MAX_WORKERS, each loaded from its first
  // part's folder so that each has its own web worker: the copies search at the same time, and
  // each searches its own parts (merged with mergeIndex) one after another. A search's time goes
  // with the number of places its words appear, so cores are what makes a common word faster.
  var MAX_WORKERS = 4;
  var searchers = [];  // one per web worker, each searching its group of parts
  var results = [];
  var shown = 0;
  var generation = 0;

  function params() {
    return new URLSearchParams(window.location.search);
  }

  function say(text) {
    status.textContent = text;
  }

  // Excerpts are text with <mark> around the words found: rebuild them from the parsed
  // fragment's text nodes and marks only, so nothing else in them can become markup.
  function excerpt(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function renderResult(data) {
    var item = element("li", "site-search-page__result");
    var link = element("a", "site-search-page__title", data.meta.title || data.url);
    link.href = data.url;
    item.appendChild(link);
    var text = element("p", "site-search-page__excerpt");
    text.appendChild(excerpt(data.excerpt));
    item.appendChild(text);
    var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url; });
    if (subs.length) {
      var sublist = element("ul", "site-search-page__sections");
      subs.slice(0, 3).forEach(function (sub) {
        var li = element("li");
        var a = element("a", null, sub.title);
        a.href = sub.url;
        li.appendChild(a);
        li.appendChild(document.createTextNode(": "));
        li.appendChild(excerpt(sub.excerpt));
        sublist.appendChild(li);
      });
      item.appendChild(sublist);
    }
    return item;
  }

  async function showMore() {
    var mine = generation;
    var batch = results.slice(shown, shown + PAGE_SIZE);
    var data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== generation) return;
    data.forEach(function (d) { list.appendChild(renderResult(d)); });
    shown += batch.length;
    more.hidden = shown >= results.length;
  }

  function chosenFilters() {
    var chosen = {};
    filterBox.querySelectorAll("select").forEach(function (select) {
      if (select.value) chosen[select.getAttribute("data-filter")] = select.value;
    });
    return chosen;
  }

  function remember() {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim()) query.set(key, value);
    });
    var url = new URL(window.location.href);
    url.search = query.toString();
    window.history.replaceState(null, "", url);
  }

  async function run(event) {
    var mine = ++generation;
    var term = input.value.trim();
    var filters = chosenFilters();
    remember();
    if (!term && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      say("");
      return;
    }
    // Typing waits for a pause; the first search, a submit or a filter change runs at once.
    // Meanwhile each Pagefind fetches the index chunks of what is typed so far, so the search
    // after the pause finds them loaded (about half its time on a large site's common words).
    // Not before the last word has three letters: a shorter start matches too many words.
    if (event && event.type === "input" && term) {
      if (/\S{3,}$/.test(term)) {
        searchers.forEach(function (searcher) {
          searcher.run(function (pagefind) {
            return mine === generation ? pagefind.preload(term, { filters: filters }) : null;
          });
        });
      }
      await new Promise(function (done) { setTimeout(done, TYPING_PAUSE_MS); });
      if (mine !== generation) return;
    }
    // A search of a word found on thousands of pages can take a second or more: say so, once,
    // rather than leave the last query's results looking current.
    var slow = setTimeout(function () {
      if (mine === generation) say("Searching…");
    }, SLOW_SEARCH_MS);
    var found = await Promise.all(searchers.map(function (searcher) {
      return searcher.run(function (pagefind) {
        // A search still waiting for its turn when a newer one came is not run at all.
        return mine === generation ? pagefind.search(term || null, { filters: filters }) : null;
      });
    }));
    clearTimeout(slow);
    if (mine !== generation) return;  // a newer query replaced this one (found holds nulls)
    // Best first over all parts; a stable sort keeps equal scores in part order.
    results = found.flatMap(function (f) { return f.results; })
                   .sort(function (a, b) { return b.score - a.score; });
    shown = 0;
    list.replaceChildren();
    var what = term ? "for “" + term + "”" : "";
    say(results.length === 0 ? "No results " + what :
        results.length + (results.length === 1 ? " result " : " results ") + what);
    await showMore();
  }

  // One Pagefind runs one call at a time: a search started while another one, or a preload, is
  // still loading index chunks can return the pages of a different word (seen with Pagefind
  // 1.5.2 when typing fast), so calls to the same Pagefind wait for the one before.
  function inTurn(pagefind) {
    var last = Promise.resolve();
    return {
      run: function (call) {
        var next = last.then(function () { return call(pagefind); });
        last = next.catch(function () {});
        return next;
      }
    };
  }

  // The index folders dealt round to one group per web worker.
  function dealt(folders) {
    var count = Math.max(1, Math.min(folders.length, MAX_WORKERS,
                                     navigator.hardwareConcurrency || 2));
    var groups = [];
    folders.forEach(function (folder, i) {
      (groups[i % count] = groups[i % count] || []).push(folder);
    });
    return groups;
  }

  // Each Pagefind counts its own pages for every filter value: add them up.
  function countsOfAllParts(counts) {
    var all = {};
    counts.forEach(function (part) {
      Object.keys(part).forEach(function (name) {
        var values = all[name] = all[name] || {};
        Object.keys(part[name]).forEach(function (value) {
          values[value] = (values[value] || 0) + part[name][value];
        });
      });
    });
    return all;
  }

  function addFilters(all) {
    var names = Object.keys(all).sort();
    var current = params();
    names.forEach(function (name) {
      var key = name.toLowerCase();
      var label = element("label", "site-search-page__filter");
      label.appendChild(element("span", null, name));
      var select = element("select");
      select.name = key;
      select.setAttribute("data-filter", name);
      select.appendChild(element("option", null, "All"));
      select.firstChild.value = "";
      Object.keys(all[name]).sort().forEach(function (value) {
        var option = element("option", null, value + " (" + all[name][value] + ")");
        option.value = value;
        select.appendChild(option);
      });
      select.value = current.get(key) || "";
      select.addEventListener("change", run);
      label.appendChild(select);
      filterBox.appendChild(label);
    });
    filterBox.hidden = names.length === 0;
  }

  async function start() {
    input.value = params().get("q") || "";
    try {
      var listed = await fetch(new URL("parts.json", bundle));
      var folders = [""].concat(listed.ok ? await listed.json() : []);
      var settings = { baseUrl: new URL("../", bundle).pathname, excerptLength: 24 };
      searchers = await Promise.all(dealt(folders).map(async function (group) {
        var pagefind = await import(new URL(group[0] + "pagefind.js", bundle).href);
        await pagefind.options(settings);
        for (var i = 1; i < group.length; i++) {
          await pagefind.mergeIndex(new URL(group[i], bundle).pathname, settings);
        }
        return inTurn(pagefind);
      }));
    } catch (error) {
      say("The search index could not be loaded. It is written by `python -m generator build`;" +
          " the list of countries leads to every report.");
      return;
    }
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    more.addEventListener("click", function () { showMore(); });
    if (!input.value) input.focus();
    // The filter lists are loaded after the first results, unless the address sets a filter.
    var filtered = Array.from(params().keys()).some(function (key) { return key !== "q"; });
    if (!filtered) await run();
    addFilters(countsOfAllParts(await Promise.all(searchers.map(function (searcher) {
      return searcher.run(function (pagefind) { return pagefind.filters(); });
    }))));
    if (filtered) run();
  }

  start();
})();
