// "Print this plan" / "Print this result": buttons marked data-print are shown only when JavaScript runs, and the
// plain instruction (data-print-hint) is hidden then; without JavaScript the instruction stays. A checklist result
// shown in place of a step (checklist.js) announces itself with a "knotcare:page" event and is enhanced the same way.
(function () {
  "use strict";
  if (typeof window.print !== "function") {
    return;
  }
  function enhance(root) {
    root.querySelectorAll("button[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
    root.querySelectorAll("[data-print-hint]").forEach(function (hint) {
      hint.hidden = true;
    });
  }
  enhance(document);
  document.addEventListener("knotcare:page", function (event) {
    enhance(event.detail);
  });
})();
