// The checklist steps (progressive enhancement: every step works without this script).
// - An error summary takes focus when the page loads, so it is read out first.
// - A summary link moves focus to the question's first input and scrolls so that the question's label is in view.
// - A group of questions asked only after a "yes" or "not sure" on the same page stays hidden until then.
(function () {
  "use strict";

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) {
        return;
      }
      var input = target.querySelector("input:checked") || target.querySelector("input, select");
      if (!input) {
        return;
      }
      event.preventDefault();
      target.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }

  document.querySelectorAll("[data-reveal-when]").forEach(function (group) {
    var parts = group.getAttribute("data-reveal-when").split(":");
    if (parts.length !== 2) {
      return;
    }
    var values = parts[1].split(",");
    var radios = document.querySelectorAll("input[type=radio][name='answers[" + parts[0] + "]']");
    if (radios.length === 0) {
      return;
    }
    function update() {
      var chosen = Array.prototype.filter.call(radios, function (r) { return r.checked; })[0];
      // An error inside the group stays visible whatever the gate says.
      group.hidden = !(chosen && values.indexOf(chosen.value) >= 0) && !group.querySelector(".has-error");
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
})();
