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
  var pagefind = null;
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
    var typing = event && event.type === "input" && term;
    var search = typing ? await pagefind.debouncedSearch(term, { filters: filters }, 100)
                        : await pagefind.search(term || null, { filters: filters });
    if (search === null || mine !== generation) return;  // a newer query replaced this one
    results = search.results;
    shown = 0;
    list.replaceChildren();
    var what = term ? "for “" + term + "”" : "";
    say(results.length === 0 ? "No results " + what :
        results.length + (results.length === 1 ? " result " : " results ") + what);
    await showMore();
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
      pagefind = await import(new URL("pagefind.js", bundle).href);
      var root = new URL("../", bundle).pathname;
      await pagefind.options({ baseUrl: root, excerptLength: 24 });
      // A large site is indexed in parts (generator/search.py): merge them into one search.
      var listed = await fetch(new URL("parts.json", bundle));
      var parts = listed.ok ? await listed.json() : [];
      for (var i = 0; i < parts.length; i++) {
        await pagefind.mergeIndex(new URL(parts[i], bundle).href, { baseUrl: root });
      }
      addFilters(await pagefind.filters());
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
    run();
  }

  start();
})();
