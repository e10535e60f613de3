// The rubric editor: weight sums follow what is typed, and each criterion
// shows only the fields of its kind (judged, computed or a group). Without
// this script the page still works: sums are counted by the server when
// the form comes back, and every kind's fields are shown.
(function () {
  "use strict";
  var form = document.querySelector("form.rubric");
  if (!form) return;

  function number(text) {
    var value = parseFloat(String(text).trim().replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function recount(group) {
    var out = form.querySelector('output[data-sum-for="' + group + '"]');
    if (!out) return;
    var total = 0;
    var readable = true;
    form.querySelectorAll('input[data-group="' + group + '"]').forEach(function (input) {
      var value = number(input.value);
      if (value === null) readable = false; else total += value;
    });
    out.textContent = readable ? String(Math.round(total * 10000) / 10000).replace(".", ",") : "?";
    out.classList.toggle("off", !readable || Math.abs(total - 100) > 1e-9);
  }

  form.addEventListener("input", function (event) {
    var group = event.target.getAttribute("data-group");
    if (group) recount(group);
  });
  form.querySelectorAll("output[data-sum-for]").forEach(function (out) {
    recount(out.getAttribute("data-sum-for"));
  });

  function showKind(select) {
    var node = select.closest("fieldset");
    node.querySelectorAll(":scope > [data-kind-block]").forEach(function (block) {
      block.hidden = block.getAttribute("data-kind-block") !== select.value;
    });
  }
  form.querySelectorAll("select[data-kind]").forEach(function (select) {
    showKind(select);
    select.addEventListener("change", function () { showKind(select); });
  });
})();
