// The search page, over the Pagefind index that `python -m generator build` writes into
// pagefind/ (generator/search.py). The query and the filters live in the address
// (?q=...&country=...), so a search can be bookmarked or shared, and the header's search box
// opens this page with ?q=. Result text comes from the index: it is inserted as text, and only
// Pagefind's <mark> highlights are kept as elements.
//
// Two tiers: each key searches the pages' titles and headings at once (search-quick.js, a few
// milliseconds) and shows those first; after a pause in the typing Pagefind searches the full
// text, which takes half a second or more for a common word on a large site. Its results are
// added below the ones already on the screen, which stay where they are, without the pages
// already shown.
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
  var searchers = null;  // a promise of one searcher per web worker, each with its parts
  var quick = null;  // a promise of the quick index (search-quick.js), or of null
  var results = [];  // {quick: result} or {full: Pagefind result}, in the order shown
  var shown = 0;  // how many of them were rendered (or skipped as already on the screen)
  var rendered = new Set();  // the addresses on the screen
  var generation = 0;  // one more for each search: an older search's results are dropped

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

  // A result of the quick tier: the title, what kind of page, and the headings found.
  function renderQuick(result) {
    var data = result.view();
    var item = element("li", "site-search-page__result");
    // Titles and headings are links, shown without marks (like Pagefind's): the headings
    // listed are those the words were found in.
    var link = element("a", "site-search-page__title", data.title);
    link.href = data.url;
    item.appendChild(link);
    if (data.about.length) {
      item.appendChild(element("p", "site-search-page__excerpt", data.about.join(" · ")));
    }
    if (data.sections.length) {
      var sublist = element("ul", "site-search-page__sections");
      data.sections.forEach(function (section) {
        var li = element("li");
        var a = element("a", null, section.text);
        a.href = section.url;
        li.appendChild(a);
        sublist.appendChild(li);
      });
      item.appendChild(sublist);
    }
    return item;
  }

  // Renders results up to `limit` (the next page by default). A page already on the screen
  // is not shown again (a full-text result of a page the quick tier showed). One call at a
  // time, in order: two quick clicks on "More results" show two pages, not one twice.
  var rendering = Promise.resolve();

  function showMore(limit) {
    var mine = generation;
    var held = results;
    var next = rendering.then(async function () {
      if (mine !== generation || held !== results) return;
      var batch = held.slice(shown, limit || shown + PAGE_SIZE);
      var data = await Promise.all(batch.map(function (r) {
        return r.quick ? { quick: r.quick } : r.full.data();
      }));
      if (mine !== generation || held !== results) return;
      data.forEach(function (d) {
        var url = d.quick ? d.quick.url : d.url;
        if (rendered.has(url)) return;
        rendered.add(url);
        list.appendChild(d.quick ? renderQuick(d.quick) : renderResult(d));
      });
      shown += batch.length;
      more.hidden = shown >= results.length;
    });
    rendering = next.catch(function () {});
    return next;
  }

  function clear(tier, term) {
    list.replaceChildren();
    rendered = new Set();
    shown = 0;
    // What the list shows, for tests and the benchmark: which tier, for which words.
    list.setAttribute("data-tier", tier);
    list.setAttribute("data-query", term);
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
      results = [];
      clear("", "");
      more.hidden = true;
      say("");
      return;
    }
    var what = term ? "for “" + term + "”" : "";
    // First tier, at every key: titles and headings.
    var index = await quick;
    if (mine !== generation) return;
    var first = index && term ? index.search(term, filters) : [];
    results = first.map(function (r) { return { quick: r }; });
    clear(first.length ? "quick" : "", term);
    if (first.length) {
      say(first.length + (first.length === 1 ? " page has" : " pages have") + " “" + term +
          "” in the title or headings; searching the full text…");
      await showMore();
      if (mine !== generation) return;
    } else {
      more.hidden = true;
      say("");  // not the last words' count over an emptied list
    }
    // Typing waits for a pause; the first search, a submit or a filter change runs at once.
    // Meanwhile each Pagefind fetches the index chunks of what is typed so far, so the search
    // after the pause finds them loaded (about half its time on a large site's common words).
    // Not before the last word has three letters: a shorter start matches too many words.
    var all = await searchers;
    if (mine !== generation) return;
    if (!all) {
      say(UNAVAILABLE);
      return;
    }
    if (event && event.type === "input" && term) {
      if (/\S{3,}$/.test(term)) {
        all.forEach(function (searcher) {
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
      if (mine === generation && !first.length) say("Searching…");
    }, SLOW_SEARCH_MS);
    var found = await Promise.all(all.map(function (searcher) {
      return searcher.run(function (pagefind) {
        // A search still waiting for its turn when a newer one came is not run at all.
        return mine === generation ? pagefind.search(term || null, { filters: filters }) : null;
      });
    }));
    clearTimeout(slow);
    if (mine !== generation) return;  // a newer query replaced this one (found holds nulls)
    await rendering;  // what is on the screen, with any page of results still being added
    if (mine !== generation) return;
    // Best first over all parts; a stable sort keeps equal scores in part order.
    var full = found.flatMap(function (f) { return f.results; })
                    .sort(function (a, b) { return b.score - a.score; });
    // The quick results on the screen stay first; then the full text's, without those pages;
    // then any page only the quick tier found (Pagefind can miss pages for a common word).
    var onScreen = results.slice(0, shown);
    var ids = new Set(onScreen.map(function (r) { return r.quick.id; }));
    var fullIds = new Set(full.map(function (r) { return r.id; }));
    results = onScreen
      .concat(full.filter(function (r) { return !ids.has(r.id); })
                  .map(function (r) { return { full: r }; }))
      .concat(results.slice(shown).filter(function (r) { return !fullIds.has(r.quick.id); }));
    say(results.length === 0 ? "No results " + what :
        results.length + (results.length === 1 ? " result " : " results ") + what);
    if (shown < PAGE_SIZE) await showMore(PAGE_SIZE);
    if (mine !== generation) return;
    more.hidden = shown >= results.length;
    list.setAttribute("data-tier", "full");
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

  async function loadSearchers() {
    var listed = await fetch(new URL("parts.json", bundle));
    var folders = [""].concat(listed.ok ? await listed.json() : []);
    var settings = { baseUrl: new URL("../", bundle).pathname, excerptLength: 24 };
    return Promise.all(dealt(folders).map(async function (group) {
      var pagefind = await import(new URL(group[0] + "pagefind.js", bundle).href);
      await pagefind.options(settings);
      for (var i = 1; i < group.length; i++) {
        await pagefind.mergeIndex(new URL(group[i], bundle).pathname, settings);
      }
      return inTurn(pagefind);
    }));
  }

  var UNAVAILABLE = "The search index could not be loaded. It is written by `python -m generator" +
    " build`; the list of countries leads to every report.";

  // The quick tier answers as soon as its file is loaded, without waiting for Pagefind.
  async function start() {
    input.value = params().get("q") || "";
    quick = window.siteQuickSearch
      ? window.siteQuickSearch.load(new URL("quick.json", bundle).href,
                                    new URL("../", bundle).pathname)
      : Promise.resolve(null);
    searchers = loadSearchers().catch(function () { return null; });
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run();
    });
    more.addEventListener("click", function () { showMore(); });
    if (!input.value) input.focus();
    // The filter lists are loaded after the first results, unless the address sets a filter.
    var filtered = Array.from(params().keys()).some(function (key) { return key !== "q"; });
    var first = filtered ? null : run();
    var all = await searchers;
    if (!all) {
      say(UNAVAILABLE);
      return;
    }
    await first;
    addFilters(countsOfAllParts(await Promise.all(all.map(function (searcher) {
      return searcher.run(function (pagefind) { return pagefind.filters(); });
    }))));
    if (filtered) run();
  }

  start();
})();
