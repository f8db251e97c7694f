/* The member picker (dangvu.web.common.widgets.MemberPicker).
 *
 * Every [data-member-picker] has a text box (named <field>_q) and the chosen member(s): a
 * checked radio box, or check boxes for several, named after the field. As one types (two
 * letters at least, 300 ms after the last key) the server's search (data-url, &q=...) answers
 * at most 20 members, shown in a listbox under the box. Keys: arrows move, Enter chooses,
 * Escape closes; a tap or a click chooses. Choosing puts the member in the chosen list (one
 * member: in place of the one before; several: a chip more, removable with its × button)
 * and empties the text box. Without JavaScript the form posts the words typed and the page
 * comes back with the members found to choose from. No library, no build step. */
(function () {
  "use strict";
  var count = 0;

  function enhance(root) {
    if (root.dataset.pickerReady) return;
    root.dataset.pickerReady = "1";
    root.classList.add("ready");
    var n = ++count;
    var input = root.querySelector("input.picker-input");
    var chosen = root.querySelector(".picker-chosen");
    var name = root.dataset.name;
    var multiple = root.dataset.multiple === "1";
    var listId = (input.id || "member-picker-" + n) + "-list";
    var list = document.createElement("ul");
    list.className = "picker-list";
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.parentNode.insertBefore(list, input.nextSibling);
    var wrap = document.createElement("span");
    wrap.className = "picker";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(list);

    var items = [], active = -1, timer = null, asked = 0;

    function setActive(i) {
      if (active >= 0 && items[active]) items[active].el.classList.remove("active");
      active = i;
      if (i >= 0 && items[i]) {
        items[i].el.classList.add("active");
        input.setAttribute("aria-activedescendant", items[i].el.id);
        items[i].el.scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }
    function note(text) {
      var li = document.createElement("li");
      li.className = "picker-empty";
      li.setAttribute("role", "presentation");
      li.textContent = text;
      list.appendChild(li);
    }
    function show(results, more) {
      list.innerHTML = "";
      items = [];
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = listId + "-o" + i;
        li.className = "picker-option";
        li.setAttribute("role", "option");
        li.textContent = r.text;
        var item = {id: String(r.id), text: r.text, el: li};
        li.setAttribute("aria-selected", isChosen(item.id) ? "true" : "false");
        li.addEventListener("mousedown", function (e) { e.preventDefault(); });
        li.addEventListener("click", function (e) { e.preventDefault(); choose(item); });
        items.push(item);
        list.appendChild(li);
      });
      if (!results.length) note(root.dataset.empty);
      if (more) note(root.dataset.more);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(items.length ? 0 : -1);
      // on a small screen the list may open below the fold: bring it into view
      var bottom = list.getBoundingClientRect().bottom;
      if (bottom > window.innerHeight) window.scrollBy(0, Math.min(bottom - window.innerHeight + 8, input.getBoundingClientRect().top - 8));
    }
    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++asked;
      fetch(root.dataset.url + "&q=" + encodeURIComponent(q), {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { if (mine === asked && document.activeElement === input) show(data.results, data.more); })
        .catch(function () { if (mine === asked) { list.innerHTML = ""; items = []; note(root.dataset.error); list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    }
    function isChosen(id) {
      return !!chosen.querySelector("input[value='" + id + "']");
    }
    function removable(label) {
      // a click on a chosen member's name does not untick it: the × removes it
      label.addEventListener("click", function (e) { if (e.target.tagName !== "BUTTON") e.preventDefault(); });
      if (!multiple || label.querySelector("button")) return;
      var box = label.querySelector("input");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chip-remove";
      button.textContent = "×";
      button.setAttribute("aria-label", root.dataset.remove + ": " + label.textContent.trim());
      button.addEventListener("click", function (e) {
        e.preventDefault();
        label.remove();
        chosen.hidden = !chosen.querySelector("input");
        input.focus();
      });
      label.appendChild(button);
      box.tabIndex = -1;
    }
    function choose(item) {
      if (!multiple) {
        chosen.innerHTML = "";
        var found = root.querySelector(".picker-found");
        if (found) found.remove();
      }
      if (!isChosen(item.id)) {
        var label = document.createElement("label");
        label.className = "picker-choice chip";
        var box = document.createElement("input");
        box.type = multiple ? "checkbox" : "radio";
        box.name = name;
        box.value = item.id;
        box.checked = true;
        var text = document.createElement("span");
        text.textContent = item.text;
        label.appendChild(box);
        label.appendChild(document.createTextNode(" "));
        label.appendChild(text);
        chosen.appendChild(label);
        removable(label);
      }
      chosen.hidden = false;
      input.value = "";
      close();
      root.dispatchEvent(new Event("change", {bubbles: true}));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 300);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) search(); else if (items.length) setActive((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); if (!list.hidden && items.length) setActive((active - 1 + items.length) % items.length); }
      else if (e.key === "Enter") { if (!list.hidden) { e.preventDefault(); if (active >= 0) choose(items[active]); } }
      else if (e.key === "Escape") { if (!list.hidden) { e.preventDefault(); close(); } }
    });
    input.addEventListener("blur", close);
    chosen.querySelectorAll("label").forEach(removable);
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("[data-member-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  else enhanceAll();
  document.addEventListener("htmx:load", function (e) { enhanceAll(e.target); });
})();
