/* A field is saved as it is left (HTMX, one request at a time: hx-sync on the form). A
   button press does not leave at once: presses within a moment of each other are one
   request, the strongest of them winning ("Gửi báo cáo" over "Lưu"), and it waits for any
   field's save still on its way, then sends the whole form with the versions that save
   returned. So "Lưu" then "Gửi báo cáo" pressed together submits, and no press is lost to
   the page being left by the first. */
(function () {
  var form = document.getElementById("entry-form"), inflight = new Set();
  var chosen = null, waiting = false, timer = null, release = false;
  function strength(button) { return button && button.value === "submit" ? 2 : 1; }
  function flush() {
    if (timer || inflight.size || !waiting) return;
    var button = chosen; chosen = null; waiting = false; release = true;
    form.requestSubmit(button || undefined);
  }
  document.body.addEventListener("htmx:beforeSend", function (e) { inflight.add(e.detail.xhr); });
  document.body.addEventListener("htmx:afterRequest", function (e) {
    inflight.delete(e.detail.xhr); setTimeout(flush, 0);
  });
  form.addEventListener("submit", function (e) {
    if (release) { release = false; return; }  // the request this script sends
    e.preventDefault();
    if (!waiting || strength(e.submitter) >= strength(chosen)) chosen = e.submitter;
    waiting = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(function () { timer = null; flush(); }, 200);
  });
})();
