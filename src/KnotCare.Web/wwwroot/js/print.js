// "Print this plan": shown only when JavaScript runs; the plain instruction stays for everyone else.
(function () {
  "use strict";
  var button = document.getElementById("print-plan");
  var hint = document.getElementById("print-hint");
  if (!button || typeof window.print !== "function") {
    return;
  }
  button.hidden = false;
  if (hint) {
    hint.hidden = true;
  }
  button.addEventListener("click", function () {
    window.print();
  });
})();
