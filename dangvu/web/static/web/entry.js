/* A field is saved as it is left (HTMX, one request at a time: hx-sync on the form). A
   button pressed while a field's save is still on its way waits for it, then sends the
   whole form with the versions that save returned. */
(function () {
  var form = document.getElementById("entry-form"), inflight = new Set(), pending = null;
  function flush() {
    if (inflight.size || !pending) return;
    var button = pending; pending = null; form.requestSubmit(button);
  }
  document.body.addEventListener("htmx:beforeSend", function (e) { inflight.add(e.detail.xhr); });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    inflight.delete(e.detail.xhr); setTimeout(flush, 0);
  });
  form.addEventListener("submit", function (e) {
    if (inflight.size) { e.preventDefault(); pending = e.submitter || pending; }
  });
})();
