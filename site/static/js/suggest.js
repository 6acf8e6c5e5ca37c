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
  var english = (document.documentElement.lang || "").indexOf("en") === 0;
  var KINDS = english
    ? { work: "Work", event: "Event", venue: "Venue", brand: "Brand", page: "Page" }
    : { work: "作品", event: "活动", venue: "场馆", brand: "品牌", page: "页面" };

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
    // The list sits under the input and is exactly as wide (site/static/css/kepu.css .suggest).
    if (window.getComputedStyle(form).position === "static") form.style.position = "relative";
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

    function place() {
      list.style.left = input.offsetLeft + "px";
      list.style.right = "auto";
      list.style.width = input.offsetWidth + "px";
    }

    function key(text) {
      return String(text).replace(/\s+/g, "").toLowerCase();
    }

    // Words first, then pages; a word that is also a page's title is left out (choosing the
    // page opens it), and each page or word appears once.
    function render(data) {
      list.textContent = "";
      options = [];
      var titles = {};
      var urls = {};
      var pages = [];
      (data.pages || []).forEach(function (page) {
        if (!page.url || urls[page.url]) return;
        urls[page.url] = true;
        titles[key(page.title)] = true;
        pages.push({ text: page.title, url: page.url, kind: page.type });
      });
      var words = {};
      (data.suggestions || []).forEach(function (word) {
        var k = key(word);
        if (titles[k] || words[k]) return;
        words[k] = true;
        options.push({ text: word, url: null, kind: "" });
      });
      options = options.concat(pages);
      options.forEach(function (option, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.className = option.url ? "suggest__page" : "suggest__word";
        var text = document.createElement("span");
        text.className = "suggest__text";
        text.textContent = option.text;
        item.appendChild(text);
        if (option.url && KINDS[option.kind]) {
          var kind = document.createElement("span");
          kind.className = "suggest__kind";
          kind.textContent = KINDS[option.kind];
          item.appendChild(kind);
        }
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
        place();
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = english
          ? options.length + " suggestions, use the up and down keys to choose"
          : options.length + " 条建议，可用上下方向键选择";
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
