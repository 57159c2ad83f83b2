/* The treaties page (templates/treaties.md.j2): show the states of one region in the coverage
   table, count the shown states' statuses in its last rows, and say in a live region how many
   are shown. Without this script the filter stays hidden and every state shows; sorting is
   tablesort's (tablesort-init.js), which moves rows hidden or not.

   A cell's status is its class (tp, ts, tn, tx: treaty_coverage.STATUSES); a footer row's
   data-count names the class it counts. The footer's first cell spans the country and region
   columns, so its cell i counts the rows' cell i + 1. */
(function () {
  "use strict";

  function init() {
    var table = document.getElementById("treaty_table");
    var select = document.getElementById("treaty_region");
    var said = document.getElementById("treaty_shown");
    if (!table || !select || !said || table.dataset.filter === "on") {
      return;
    }
    table.dataset.filter = "on";
    var rows = table.tBodies[0].rows;
    var footer = table.tFoot ? Array.prototype.slice.call(table.tFoot.rows) : [];

    function update(announce) {
      var region = select.value;
      var shown = 0;
      var counts = footer.map(function (tr) {
        return { css: tr.dataset.count, n: new Array(tr.cells.length).fill(0) };
      });
      Array.prototype.forEach.call(rows, function (tr) {
        var show = !region || tr.cells[1].textContent === region;
        tr.hidden = !show;
        if (!show) {
          return;
        }
        shown += 1;
        counts.forEach(function (count) {
          for (var i = 1; i < count.n.length; i++) {
            var cell = tr.cells[i + 1];
            if (cell && cell.classList.contains(count.css)) {
              count.n[i] += 1;
            }
          }
        });
      });
      footer.forEach(function (tr, k) {
        for (var i = 1; i < tr.cells.length; i++) {
          if (tr.cells[i].textContent !== "") {
            tr.cells[i].textContent = String(counts[k].n[i]);
          }
        }
      });
      var text = region
        ? shown + " of " + rows.length + " states shown, those of " + region +
          "; the table's last rows count them."
        : "All " + rows.length + " states shown.";
      if (announce || region) {
        said.textContent = text;
      }
    }

    select.addEventListener("change", function () { update(true); });
    select.parentNode.hidden = false;
    update(false); /* the browser may have kept a region chosen before a reload */
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
