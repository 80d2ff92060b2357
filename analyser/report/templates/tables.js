/* Sortable and filterable tables for ticket-analyser reports.  The only script a report may run: the page's
   Content-Security-Policy allows this exact text by its SHA-256 hash and nothing else.  It adds, to every
   table marked data-sortable, a button per column header (click: sort; again: reverse) and a filter box above
   it (rows that do not contain the typed text are hidden).  Without scripts the tables are plain tables. */
(function () {
  "use strict";
  function key(cell) {
    var value = cell.getAttribute("data-value");
    return value === null ? cell.textContent.trim() : value;
  }
  function number(text) {
    if (text === "" || text === "\u2013") { return null; }
    var parsed = Number(text);
    return isNaN(parsed) ? undefined : parsed;
  }
  function setUp(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body || !head.rows.length) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    var tools = document.createElement("div");
    tools.className = "table-tools";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows";
    input.setAttribute("aria-label", "Filter the rows of this table");
    var count = document.createElement("span");
    count.className = "filter-count";
    count.setAttribute("aria-live", "polite");
    tools.appendChild(input);
    tools.appendChild(count);
    var anchor = table.parentNode.classList.contains("table-wrap") ? table.parentNode : table;
    anchor.parentNode.insertBefore(tools, anchor);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var hit = !query || row.textContent.toLowerCase().indexOf(query) !== -1;
        row.hidden = !hit;
        if (hit) { shown += 1; }
      });
      count.textContent = query ? shown + " of " + rows.length + " rows" : "";
    });
    var headers = Array.prototype.slice.call(head.rows[head.rows.length - 1].cells);
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keys = rows.map(function (row) { return row.cells[column] ? key(row.cells[column]) : ""; });
        var numeric = keys.every(function (k) { return number(k) !== undefined; });
        var order = rows.map(function (row, index) { return index; });
        order.sort(function (a, b) {
          var x = numeric ? number(keys[a]) : keys[a].toLowerCase();
          var y = numeric ? number(keys[b]) : keys[b].toLowerCase();
          if (x === null || x === "") { return (y === null || y === "") ? a - b : 1; }
          if (y === null || y === "") { return -1; }
          if (x < y) { return ascending ? -1 : 1; }
          if (x > y) { return ascending ? 1 : -1; }
          return a - b;
        });
        rows = order.map(function (index) { return rows[index]; });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setUp);
})();
