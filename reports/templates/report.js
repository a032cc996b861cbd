(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.dataset.id; });
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var search = document.getElementById("filter-text");
  var shown = document.getElementById("shown-count");

  function apply() {
    var query = search ? search.value.trim().toLowerCase() : "";
    var n = 0;
    rows.forEach(function (row) {
      // a grouped row carries every value of its findings: data-column="|工作动态|通知公告|"
      var ok = selects.every(function (sel) {
        var value = row.dataset[sel.dataset.filter] || "";
        return !sel.value || value === sel.value || value.indexOf("|" + sel.value + "|") !== -1;
      });
      if (ok && query) { ok = row.textContent.toLowerCase().indexOf(query) !== -1; }
      row.hidden = !ok;
      if (ok) { n += Number(row.dataset.count || 1); }
    });
    if (shown) { shown.textContent = String(n); }
    var none = document.getElementById("no-match");
    if (none) { none.classList.toggle("shown", rows.length > 0 && n === 0); }
  }

  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function sortBy(th) {
    var index = th.cellIndex;
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, index), y = key(b, index);
      var nx = Number(x), ny = Number(y);
      var result = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny))
        ? nx - ny : x.localeCompare(y, "zh-CN");
      return ascending ? result : -result;
    });
    sorted.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () { sortBy(th); });
  });
  selects.forEach(function (sel) { sel.addEventListener("change", apply); });
  var allColumns = document.getElementById("show-all-columns");
  if (allColumns) {
    allColumns.addEventListener("change", function () {
      table.classList.toggle("all-columns", allColumns.checked);
    });
  }
  if (search) { search.addEventListener("input", apply); }
  var reset = document.getElementById("filter-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      selects.forEach(function (sel) { sel.value = ""; });
      if (search) { search.value = ""; }
      apply();
    });
  }
  // report.html#department=办公室 opens the report filtered for one department
  var hash = decodeURIComponent(window.location.hash.replace(/^#/, ""));
  hash.split("&").forEach(function (pair) {
    var at = pair.indexOf("=");
    if (at < 0) { return; }
    var name = pair.slice(0, at), value = pair.slice(at + 1);
    selects.forEach(function (sel) {
      if (sel.dataset.filter === name) { sel.value = value; }
    });
  });
  apply();
})();
