/* What the pages do with a script, kept out of the pages so that the Content-Security-Policy
   allows no inline script:
   - data-swap-statuses="403 422": an HTMX answer with one of these statuses (a refusal, a
     form with errors) replaces its target like a success does (HTMX leaves errors out);
   - data-clear="ID": a click empties the element ID (closing a panel loaded by HTMX);
   - data-autosubmit: choosing an option sends the select's form;
   - data-check-all="NAME": this box checks or clears every box named NAME of its form. */
(function () {
  document.addEventListener("htmx:beforeSwap", function (e) {
    var holder = e.detail.elt && e.detail.elt.closest && e.detail.elt.closest("[data-swap-statuses]");
    if (!holder) return;
    var statuses = holder.dataset.swapStatuses.split(/\s+/);
    if (statuses.indexOf(String(e.detail.xhr.status)) !== -1) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-clear]");
    if (!button) return;
    var target = document.getElementById(button.dataset.clear);
    if (target) target.innerHTML = "";
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-autosubmit]") && e.target.form) e.target.form.submit();
    if (e.target.matches && e.target.matches("input[data-check-all]") && e.target.form) {
      e.target.form.querySelectorAll('input[type=checkbox][name="' + e.target.dataset.checkAll + '"]')
        .forEach(function (box) { box.checked = e.target.checked; });
    }
  });
})();
/* The site menu (web/common/base.html): its groups are <details>; one open at a time, closed
   by a click elsewhere or Escape; the group and the link of the page shown are marked. */
(function () {
  function close(except) {
    document.querySelectorAll("details.nav-group[open]").forEach(function (group) {
      if (group !== except) group.removeAttribute("open");
    });
  }
  document.addEventListener("toggle", function (e) {
    if (e.target.matches && e.target.matches("details.nav-group") && e.target.open) close(e.target);
  }, true);
  document.addEventListener("click", function (e) {
    close(e.target.closest ? e.target.closest("details.nav-group") : null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var open = document.querySelector("details.nav-group[open]");
    if (open) { open.removeAttribute("open"); open.querySelector("summary").focus(); }
  });
  var best = null, here = window.location.pathname;
  document.querySelectorAll(".nav-panel a").forEach(function (link) {
    var path = link.pathname;
    var matches = path === "/" ? here === "/" : here.indexOf(path) === 0;
    if (matches && (!best || path.length > best.pathname.length)) best = link;
  });
  if (best) {
    best.setAttribute("aria-current", "page");
    best.closest("details.nav-group").querySelector("summary").classList.add("current");
  }
})();
