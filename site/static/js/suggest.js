/*
 * Search suggestions as the user types, for any <input data-suggest-url="…"> inside a form.
 * WAI-ARIA combobox (1.2) with a listbox popup: ↓/↑ move, Enter opens the highlighted page
 * or searches the highlighted word, Escape closes. Without JavaScript the form still submits.
 * No framework, no network beyond the site's own /search/suggest/.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_CHARS = 1;

  function setup(input) {
    var url = input.getAttribute("data-suggest-url");
    var form = input.form;
    if (!url || !form) return;

    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "搜索建议");
    list.hidden = true;
    // Minimal look until the site stylesheet styles .suggest: a box under the input.
    if (!window.getComputedStyle(form).position || window.getComputedStyle(form).position === "static") {
      form.style.position = "relative";
    }
    list.style.cssText =
      "position:absolute;top:100%;left:0;z-index:10;margin:0;padding:0;list-style:none;background:#fff;" +
      "border:1px solid #999;min-width:12em;max-height:20em;overflow-y:auto";
    input.insertAdjacentElement("afterend", list);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    list.insertAdjacentElement("afterend", status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
        option.element.style.background = i === index ? "#dde8f5" : "";
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(option) {
      if (option.url) {
        window.location.assign(option.url);
      } else {
        input.value = option.text;
        close();
        form.submit();
      }
    }

    function render(data) {
      list.textContent = "";
      options = [];
      (data.suggestions || []).forEach(function (word) {
        options.push({ text: word, url: null, kind: "" });
      });
      (data.pages || []).forEach(function (page) {
        if (page.url) options.push({ text: page.title, url: page.url, kind: page.type });
      });
      options.forEach(function (option, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = option.url ? "suggest__page" : "suggest__word";
        item.style.cssText = "padding:0.25em 0.5em;cursor:pointer";
        item.textContent = option.text;
        // mousedown, not click: it fires before the input loses focus and closes the list.
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(option);
        });
        option.element = item;
        list.appendChild(item);
      });
      active = -1;
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = options.length + " 条建议，可用上下方向键选择";
      } else {
        close();
        status.textContent = "";
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < MIN_CHARS) {
        close();
        return;
      }
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      var separator = url.indexOf("?") === -1 ? "?" : "&";
      fetch(url + separator + "q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [], pages: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) render(data);
        })
        .catch(function () {
          /* aborted or offline: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) {
          lastQuery = "";
          fetchSuggestions();
          return;
        }
        event.preventDefault();
        highlight(active + 1 >= options.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options[active]);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-suggest-url]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
