// "Add another link" without a round trip: clone the last evidence row with fresh names.
(function () {
  "use strict";
  var button = document.querySelector("[data-add-evidence]");
  var list = document.querySelector("[data-evidence-rows]");
  if (!button || !list) { return; }
  button.type = "button";
  button.addEventListener("click", function () {
    var rows = list.querySelectorAll("[data-evidence-row]");
    var next = 0;
    list.querySelectorAll("input[name^='evidence-']").forEach(function (input) {
      var match = /^evidence-(\d+)-/.exec(input.name);
      if (match) { next = Math.max(next, Number(match[1]) + 1); }
    });
    if (rows.length >= Number(list.dataset.maxRows || 20)) { return; }
    var row = rows[rows.length - 1].cloneNode(true);
    row.querySelectorAll("[id], [name], [for]").forEach(function (el) {
      ["id", "name", "for"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value) { el.setAttribute(attr, value.replace(/^evidence-\d+-/, "evidence-" + next + "-")); }
      });
    });
    row.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
    row.querySelectorAll(".error").forEach(function (el) { el.remove(); });
    row.querySelectorAll("[data-row-number]").forEach(function (el) { el.textContent = String(rows.length + 1); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    list.appendChild(row);
    row.querySelector("input").focus();
  });
})();
