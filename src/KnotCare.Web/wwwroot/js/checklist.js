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

  // data-reveal-when: "answer:<gate id>:<value>,<value>" (radios) or "number:<gate id>:<at least>:<below>" (a number box).
  document.querySelectorAll("[data-reveal-when]").forEach(function (group) {
    var parts = group.getAttribute("data-reveal-when").split(":");
    var name = "answers[" + parts[1] + "]";
    var inputs = Array.prototype.filter.call(document.querySelectorAll("#checklist-form input"), function (input) {
      return input.name === name;
    });
    if (inputs.length === 0) {
      return;
    }
    function holds() {
      if (parts[0] === "answer") {
        var chosen = inputs.filter(function (r) { return r.checked; })[0];
        return !!chosen && parts[2].split(",").indexOf(chosen.value) >= 0;
      }
      if (parts[0] === "number") {
        var text = inputs[0].value.trim();
        if (!/^[0-9]{1,3}$/.test(text)) {
          return false;
        }
        var value = parseInt(text, 10);
        return (parts[2] === "" || value >= parseInt(parts[2], 10)) && (parts[3] === "" || value < parseInt(parts[3], 10));
      }
      return true;
    }
    function update() {
      // An error inside the group keeps it visible whatever the gate says.
      group.hidden = !holds() && !group.querySelector(".has-error");
    }
    inputs.forEach(function (input) {
      input.addEventListener("change", update);
      input.addEventListener("input", update);
    });
    update();
  });
})();
