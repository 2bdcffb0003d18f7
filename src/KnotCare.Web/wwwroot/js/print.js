// "Print this plan" / "Print this result": buttons marked data-print are shown only when JavaScript runs, and the
// plain instruction (data-print-hint) is hidden then; without JavaScript the instruction stays.
(function () {
  "use strict";
  if (typeof window.print !== "function") {
    return;
  }
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
  document.querySelectorAll("[data-print-hint]").forEach(function (hint) {
    hint.hidden = true;
  });
})();
