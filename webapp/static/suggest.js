// Progressive enhancement: suggestions for inputs with data-suggest-url (see sources/fields.py).
//
// The server answers GET <data-suggest-url>?q=<term> with [{"value": ..., "label": ...}].
// - <input data-suggest-url>: suggestions fill a <datalist> tied to the input.
// - <input data-suggest-multi=","> suggests for the last comma-separated term (tags) and keeps
//   the terms before it.
// - <textarea data-suggest-url data-suggest-lines="1">: suggests for the line under the caret
//   in a small listbox (arrows, Enter, Escape, mouse); a pick replaces that line.
// Without JavaScript the fields stay plain text boxes that the server resolves on submit.
(function () {
  "use strict";

  var DELAY_MS = 150;
  var PICKED = /#\d+\s*$/; // "Name #12" was picked already: nothing left to suggest
  var counter = 0;

  function nextId() {
    counter += 1;
    return "suggest-" + counter;
  }

  // A function (term, show) that asks the server after a pause; a newer term aborts the
  // request of an older one, and answers that arrive late are dropped.
  function makeFetcher(url) {
    var timer = null;
    var controller = null;
    var latest = 0;
    return function (term, show) {
      var ticket = ++latest;
      clearTimeout(timer);
      if (controller) {
        controller.abort();
        controller = null;
      }
      term = term.trim();
      if (!term || PICKED.test(term)) {
        show([]);
        return;
      }
      timer = setTimeout(function () {
        var target = new URL(url, window.location.href);
        target.searchParams.set("q", term);
        controller = new AbortController();
        fetch(target.toString(), {
          signal: controller.signal,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.ok ? response.json() : [];
          })
          .then(function (items) {
            if (ticket === latest) show(Array.isArray(items) ? items : []);
          })
          .catch(function (error) {
            if (error.name !== "AbortError" && ticket === latest) show([]);
          });
      }, DELAY_MS);
    };
  }

  function enhanceInput(input) {
    var list = document.createElement("datalist");
    var separator = input.getAttribute("data-suggest-multi");
    var ask = makeFetcher(input.getAttribute("data-suggest-url"));
    list.id = nextId();
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", function () {
      var value = input.value;
      // Choosing an option fires "input" with the option's value: nothing new to ask.
      for (var i = 0; i < list.options.length; i++) {
        if (list.options[i].value === value) return;
      }
      var head = "";
      var term = value;
      if (separator) {
        var cut = value.lastIndexOf(separator);
        if (cut >= 0) {
          head = value.slice(0, cut + separator.length).replace(/\s*$/, " ");
          term = value.slice(cut + separator.length);
        }
      }
      ask(term, function (items) {
        list.textContent = "";
        items.forEach(function (item) {
          var option = document.createElement("option");
          // A datalist replaces the whole value, so a tag option carries the earlier tags.
          option.value = head + item.value;
          if (item.label && item.label !== item.value) option.label = item.label;
          list.appendChild(option);
        });
      });
    });
  }

  // The text the textarea suggests for: the caret's line, or everything.
  function segmentOf(area, byLine) {
    var text = area.value;
    if (!byLine) return { start: 0, end: text.length, text: text };
    var caret = area.selectionStart;
    var start = caret === 0 ? 0 : text.lastIndexOf("\n", caret - 1) + 1;
    var end = text.indexOf("\n", caret);
    if (end < 0) end = text.length;
    return { start: start, end: end, text: text.slice(start, end) };
  }

  function enhanceTextarea(area) {
    var byLine = area.getAttribute("data-suggest-lines") === "1";
    var ask = makeFetcher(area.getAttribute("data-suggest-url"));
    var listbox = document.createElement("ul");
    var status = document.createElement("span");
    var items = [];
    var active = -1;
    var label = area.labels && area.labels[0] ? area.labels[0].textContent.trim() : "";

    listbox.id = nextId();
    listbox.className = "suggest-list";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggestions" + (label ? " for " + label : ""));
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    area.parentNode.classList.add("suggest-host");
    area.insertAdjacentElement("afterend", listbox);
    listbox.insertAdjacentElement("afterend", status);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", listbox.id);
    area.setAttribute("autocomplete", "off");

    function close() {
      listbox.hidden = true;
      listbox.textContent = "";
      items = [];
      active = -1;
      area.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = listbox.children;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0) {
        area.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function pick(index) {
      var item = items[index];
      var segment = segmentOf(area, byLine);
      var text = area.value;
      area.value = text.slice(0, segment.start) + item.value + text.slice(segment.end);
      var caret = segment.start + item.value.length;
      area.setSelectionRange(caret, caret);
      close();
      status.textContent = item.value + " chosen.";
      area.focus();
      area.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(found) {
      close();
      items = found;
      if (!found.length) {
        status.textContent = "";
        return;
      }
      found.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label || item.value;
        // mousedown, not click: the textarea must keep its focus and caret.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(index);
        });
        listbox.appendChild(option);
      });
      listbox.style.top = area.offsetTop + area.offsetHeight + "px";
      listbox.style.left = area.offsetLeft + "px";
      listbox.style.minWidth = area.offsetWidth + "px";
      listbox.hidden = false;
      status.textContent =
        found.length + (found.length === 1 ? " suggestion" : " suggestions") +
        ": arrow keys to choose, Enter to pick, Escape to close.";
    }

    area.addEventListener("input", function () {
      ask(segmentOf(area, byLine).text, show);
    });
    area.addEventListener("keydown", function (event) {
      if (listbox.hidden || !items.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    area.addEventListener("blur", close);
  }

  // Enhance every suggesting field under ``root`` once (call again for fields added later).
  function enhance(root) {
    var fields = (root || document).querySelectorAll(
      "input[data-suggest-url], textarea[data-suggest-url]"
    );
    Array.prototype.forEach.call(fields, function (field) {
      if (field.hasAttribute("data-suggest-ready")) return;
      field.setAttribute("data-suggest-ready", "1");
      if (field.tagName === "TEXTAREA") enhanceTextarea(field);
      else enhanceInput(field);
    });
  }

  window.ClaimdeskSuggest = { enhance: enhance };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
})();
