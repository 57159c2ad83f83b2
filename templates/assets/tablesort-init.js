/* Make data tables sortable with tablesort (copied from node_modules/tablesort/dist/ into the
   site; load tablesort.min.js before this file).

   Sorted: every plain Markdown table in the article (`article table:not([class])`) and every
   table with the class `sortable`, if its header row has some text: the generator's key-value
   tables have a blank header row, and sorting them would mean nothing.

   Material's `document$` observable emits on the first load and after every instant-navigation
   page swap, so tables on pages reached without a full reload are initialised too; without
   Material's bundle, DOMContentLoaded is used. A table is initialised only once. */
(function () {
  "use strict";

  var SELECTOR = "article table:not([class]), table.sortable";

  function hasHeadings(table) {
    var head = table.tHead;
    return !!head && head.rows.length > 0 &&
      Array.prototype.some.call(head.rows[head.rows.length - 1].cells, function (cell) {
        return cell.textContent.trim() !== "";
      });
  }

  function initTables() {
    if (typeof window.Tablesort !== "function") {
      return; /* tablesort.min.js missing: leave the tables as they are */
    }
    document.querySelectorAll(SELECTOR).forEach(function (table) {
      if (table.dataset.tablesort === "on" || !hasHeadings(table)) {
        return; /* already sortable, or a key-value table with a blank header row */
      }
      table.dataset.tablesort = "on";
      new window.Tablesort(table);
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$ &&
      typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initTables);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initTables);
  } else {
    initTables();
  }
})();
