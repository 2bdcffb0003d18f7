// The checklist steps (progressive enhancement: every step works without this script).
// - An error summary takes focus when it appears, so it is read out first.
// - A summary link moves focus to the question's first input and scrolls so that the question's label is in view.
// - A group of questions asked only after a "yes" or "not sure" on the same page stays hidden until then.
// - Steps change in place, with an entry in the browser's history for each, so that the browser's Back and Forward
//   move between steps with their answers. Each step is still the server's own page, fetched with the same POST the
//   form would send, and the answers live only in this page's memory: nothing is put in storage, the URL or the
//   history entries, and a step is never written to the browser's cache ("no-store").
(function () {
  "use strict";

  var FORMS = "#checklist-form, #change-form";

  function enhance(root, focusSummary) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      if (focusSummary) {
        summary.focus();
      }
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
    root.querySelectorAll("[data-reveal-when]").forEach(function (group) {
      var parts = group.getAttribute("data-reveal-when").split(":");
      var name = "answers[" + parts[1] + "]";
      var inputs = Array.prototype.filter.call(root.querySelectorAll("#checklist-form input"), function (input) {
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
  }

  var main = document.getElementById("main");
  enhance(main, true);

  if (!main || !window.fetch || !window.DOMParser || !window.FormData || !window.URLSearchParams ||
      !(window.history && history.pushState) || !HTMLFormElement.prototype.requestSubmit) {
    return;
  }

  // The pages shown in this document, by their place in history: the main element (kept live, answers and all),
  // the title, the body's class, and for a page that was left by a submit, how: its form data then and the action.
  var pages = [];
  var at = 0;
  var seq = 0;
  var native = null;
  var me = "knotcare-check-" + Date.now().toString(36) + Math.random().toString(36).slice(2);

  function formOf(page) {
    return page.main.querySelector(FORMS);
  }

  // The person's own answers on a page: the form's data without answers copied in from a later page.
  function ownData(form) {
    var data = new FormData(form);
    form.querySelectorAll("input[data-carried-back]").forEach(function (input) {
      data.delete(input.name);
    });
    return new URLSearchParams(data).toString();
  }

  function busy(on) {
    if (on) {
      document.documentElement.setAttribute("data-checklist-busy", "");
    } else {
      document.documentElement.removeAttribute("data-checklist-busy");
    }
  }

  function show(page, fresh) {
    if (page.main !== main) {
      pages[at].scroll = window.scrollY;
      main.replaceWith(page.main);
      main = page.main;
    }
    document.title = page.title;
    document.body.className = page.bodyClass;
    if (!page.enhanced) {
      page.enhanced = true;
      enhance(main, true);
      document.dispatchEvent(new CustomEvent("knotcare:page", { detail: main }));
    }
    window.scrollTo(0, fresh ? 0 : page.scroll || 0);
    if (!(fresh && main.querySelector("[data-error-summary]"))) {
      var heading = main.querySelector("h1");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    }
  }

  // Sends a form as the browser would (same POST, same fields, antiforgery token included) and reads the page back.
  // Anything but a page of ours (an error, a refusal, no network) falls back to the browser's own submit.
  function send(form, action, submitter, done) {
    var body = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) {
      body.append(submitter.name, submitter.value);
    }
    var mine = ++seq;
    busy(true);
    fetch(action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
      // A stalled connection gives way to the browser's own submit (and its own progress and error pages).
      signal: window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(15000) : undefined,
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) {
        throw new Error("not a checklist page");
      }
      return response.text();
    }).then(function (text) {
      var parsed = new DOMParser().parseFromString(text, "text/html");
      var next = parsed.getElementById("main");
      if (!next || !next.querySelector(FORMS)) {
        throw new Error("not a checklist page");
      }
      if (mine !== seq) {
        return;
      }
      busy(false);
      done({ main: document.adoptNode(next), title: parsed.title, bodyClass: parsed.body.className });
    }).catch(function () {
      if (mine !== seq) {
        return;
      }
      busy(false);
      native = form;
      form.setAttribute("action", action);
      if (submitter) {
        form.requestSubmit(submitter);
      } else {
        form.requestSubmit();
      }
    });
  }

  // Going back: the page returned to gets, as hidden fields, the answers the page being left holds that it does not
  // show itself, the same as the page's own Back button carries them, so Continue brings them back.
  function carry(from, to) {
    var source = formOf(from);
    var target = to.main.querySelector("#checklist-form");
    if (!source || !target) {
      return;
    }
    var shown = {};
    target.querySelectorAll("input:not([type=hidden]), select").forEach(function (input) {
      shown[input.name] = true;
    });
    new FormData(source).forEach(function (value, name) {
      if (name.indexOf("answers[") !== 0 || shown[name]) {
        return;
      }
      var hidden = Array.prototype.filter.call(target.querySelectorAll("input[type=hidden]"), function (input) {
        return input.name === name;
      })[0];
      if (!hidden) {
        hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.setAttribute("data-carried-back", "");
        target.appendChild(hidden);
      }
      hidden.value = value;
    });
  }

  pages[0] = { main: main, title: document.title, bodyClass: document.body.className, enhanced: true };
  history.scrollRestoration = "manual";
  history.replaceState({ checklist: me, page: 0 }, "");

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (native === form) {
      native = null;
      return;
    }
    if (!main.contains(form) || !form.matches(FORMS)) {
      return;
    }
    event.preventDefault();
    var submitter = event.submitter || null;
    var action = submitter && submitter.hasAttribute("formaction") ? submitter.formAction : form.action;
    var from = at;
    pages[from].sent = ownData(form);
    pages[from].action = action;
    pages[from].submitter = submitter && submitter.id;
    send(form, action, submitter, function (page) {
      pages.length = from + 1;
      pages.push(page);
      history.pushState({ checklist: me, page: from + 1 }, "");
      show(page, true);
      at = from + 1;
    });
  });

  window.addEventListener("popstate", function (event) {
    var state = event.state;
    if (!state || state.checklist !== me || !pages[state.page] || state.page === at) {
      return;
    }
    var target = state.page;
    seq++;
    busy(false);
    if (target < at) {
      carry(pages[at], pages[target]);
      show(pages[target], false);
      at = target;
      return;
    }

    // Forward: if an answer changed on a page since it was left, the later pages no longer follow from the answers;
    // that page is sent again (its own way: Continue, Back or "See what to do now") and its answer shown instead.
    for (var i = at; i < target; i++) {
      var form = formOf(pages[i]);
      if (form && pages[i].sent !== undefined && ownData(form) !== pages[i].sent) {
        var source = i;
        var button = pages[i].submitter ? pages[i].main.querySelector("#" + pages[i].submitter) : null;
        if (source !== at) {
          show(pages[source], false);
          at = source;
        }
        pages[source].sent = ownData(form);
        send(form, pages[source].action, button, function (page) {
          pages.length = target;
          pages.push(page);
          history.replaceState({ checklist: me, page: target }, "");
          show(page, true);
          at = target;
        });
        return;
      }
    }
    carry(pages[at], pages[target]);
    show(pages[target], false);
    at = target;
  });
})();
