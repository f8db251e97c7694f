/* The hand-down page: the running total of the shares as the user types (plans/cascade.html). */
(function () {
  // The running total, as the user types; the page works without it (the server computes the same).
  var form = document.getElementById("shares"), row = form && form.querySelector(".share-total");
  if (!row) return;
  var vi = (document.documentElement.lang || "vi").indexOf("en") !== 0;
  var fmt = new Intl.NumberFormat(vi ? "vi-VN" : "en-US", {maximumFractionDigits: 4});
  var target = parseFloat(row.dataset.target), ceiling = row.dataset.ceiling === "1";
  function read(box) {  // a blank box keeps the unit's share; what does not read as a number counts 0
    var text = box.value.replace(/[\s\u00a0]/g, "");
    if (text === "") return Number(box.dataset.kept || 0);
    text = vi ? text.replace(/\./g, "").replace(",", ".") : text.replace(/,/g, "");
    var n = Number(text);
    return isNaN(n) ? 0 : n;
  }
  function update() {
    var total = 0;
    form.querySelectorAll("input.share").forEach(function (box) { total += read(box); });
    total = Math.round(total * 10000) / 10000;
    var gap = document.getElementById("share-gap"), ok = ceiling ? total <= target : total >= target;
    document.getElementById("share-total").textContent = fmt.format(total);
    gap.className = ok ? "saved" : "error";
    gap.textContent = ok ? row.dataset.enough : (ceiling ? row.dataset.over : row.dataset.short)
      .replace("%(n)s", fmt.format(Math.round(Math.abs(total - target) * 10000) / 10000));
  }
  form.addEventListener("input", update);
})();
