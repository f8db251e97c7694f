/* The organization picker (dangvu.web.common.widgets.OrganizationPicker).
 *
 * Every <select data-picker> becomes a combobox: a text box and a listbox of its options,
 * grouped as the select's <optgroup>s (the committee above each organization), filtered as
 * one types. Case and Vietnamese diacritics are ignored ("chi bo kho bac" finds "Chi bộ Kho
 * bạc"); every word typed must appear in the name or in its committee's name. Keys: arrows
 * move, Enter chooses, Escape closes; a tap or a click chooses. The select stays in the form
 * (hidden) and carries the value: choosing sets it and fires its "change" event.
 * Without JavaScript the select shows as it is. No library, no build step. */
(function () {
  "use strict";
  var count = 0;

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d")
      .replace(/\s+/g, " ").trim().toLowerCase();
  }

  function clean(text) { return (text || "").replace(/\u2003/g, "").trim(); }

  function enhance(select) {
    if (select.dataset.pickerReady) return;
    select.dataset.pickerReady = "1";
    var n = ++count;
    var id = select.id || ("picker-" + n);
    var listId = id + "-list";
    var items = [];  // {value, label, group, key, el}

    var box = document.createElement("div");
    box.className = "picker";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "picker-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.placeholder = select.dataset.placeholder || "";
    if (select.required) input.required = true;
    if (select.disabled) input.disabled = true;
    var list = document.createElement("ul");
    list.className = "picker-list";
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var empty = document.createElement("li");
    empty.className = "picker-empty";
    empty.setAttribute("role", "presentation");
    empty.textContent = select.dataset.empty || "";

    // The label of the select now labels the text box.
    if (select.id) { select.id = id + "-select"; input.id = id; }
    var described = select.getAttribute("aria-describedby");
    if (described) input.setAttribute("aria-describedby", described);

    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === "OPTGROUP") {
        var group = document.createElement("li");
        group.setAttribute("role", "group");
        var head = document.createElement("div");
        head.className = "picker-group";
        head.id = listId + "-g" + list.children.length;
        head.setAttribute("role", "presentation");
        head.textContent = child.label;
        group.setAttribute("aria-labelledby", head.id);
        var inner = document.createElement("ul");
        inner.setAttribute("role", "none");
        group.appendChild(head);
        group.appendChild(inner);
        list.appendChild(group);
        Array.prototype.forEach.call(child.children, function (option) { add(option, child.label, inner, group); });
      } else if (child.tagName === "OPTION") {
        add(child, "", list, null);
      }
    });
    list.appendChild(empty);

    function add(option, groupLabel, parent, group) {
      var li = document.createElement("li");
      var label = clean(option.textContent);
      li.id = listId + "-o" + items.length;
      li.className = "picker-option" + (option.value === "" ? " picker-none" : "");
      li.setAttribute("role", "option");
      li.textContent = label;
      parent.appendChild(li);
      var item = {value: option.value, label: label, group: group, el: li,
                  key: fold(label + " " + groupLabel)};
      items.push(item);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function (e) { e.preventDefault(); choose(item); });
    }

    var active = null;
    function selectedItem() {
      for (var i = 0; i < items.length; i++) if (items[i].value === select.value) return items[i];
      return null;
    }
    function showSelected() {
      var item = selectedItem();
      input.value = item && item.value !== "" ? item.label : "";
      if (item && item.value === "") input.placeholder = item.label || select.dataset.placeholder || "";
      items.forEach(function (it) { it.el.setAttribute("aria-selected", it === item ? "true" : "false"); });
    }
    function visible() { return items.filter(function (it) { return !it.el.hidden; }); }
    function setActive(item) {
      if (active) active.el.classList.remove("active");
      active = item;
      if (item) {
        item.el.classList.add("active");
        input.setAttribute("aria-activedescendant", item.el.id);
        item.el.scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function filter() {
      var selected = selectedItem();
      var words = fold(input.value === (selected && selected.label) ? "" : input.value).split(" ").filter(Boolean);
      var shown = 0;
      items.forEach(function (it) {
        var ok = words.every(function (w) { return it.key.indexOf(w) !== -1; }) && !(words.length && it.value === "");
        it.el.hidden = !ok;
        if (ok) shown++;
      });
      list.querySelectorAll("li[role=group]").forEach(function (g) {
        g.hidden = !g.querySelector("li[role=option]:not([hidden])");
      });
      empty.hidden = shown > 0;
      setActive(visible()[0] || null);
    }
    function open() {
      if (!list.hidden) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      filter();
      var selected = selectedItem();
      if (selected && !selected.el.hidden) setActive(selected);
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(null);
    }
    function choose(item) {
      var changed = select.value !== item.value;
      select.value = item.value;
      showSelected();
      close();
      if (changed) select.dispatchEvent(new Event("change", {bubbles: true}));
    }
    function move(step) {
      var shown = visible();
      if (!shown.length) return;
      var i = shown.indexOf(active);
      setActive(shown[(i + step + shown.length) % shown.length]);
    }

    input.addEventListener("focus", open);
    input.addEventListener("click", open);
    input.addEventListener("input", function () { list.hidden ? open() : filter(); });
    input.addEventListener("change", function (e) { e.stopPropagation(); });  // the select's change counts
    input.addEventListener("blur", function () { close(); showSelected(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); list.hidden ? open() : move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); list.hidden ? open() : move(-1); }
      else if (e.key === "Enter") { if (!list.hidden) { e.preventDefault(); if (active) choose(active); } }
      else if (e.key === "Escape") { if (!list.hidden) { e.preventDefault(); close(); showSelected(); } }
    });
    select.addEventListener("change", showSelected);

    select.hidden = true;
    select.setAttribute("tabindex", "-1");
    select.parentNode.insertBefore(box, select);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(select);
    showSelected();
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  else enhanceAll();
  document.addEventListener("htmx:load", function (e) { enhanceAll(e.target); });
})();
