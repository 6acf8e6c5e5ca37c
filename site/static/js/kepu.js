/* Kepu: the 长者模式 toggle. Without this script the toggle still works (it is a form
   that sets the cookie on the server); with it, the page switches at once. */
(function () {
  "use strict";
  var COOKIE = "kepu_elder";
  var YEAR = 60 * 60 * 24 * 365;

  function setElder(on) {
    document.documentElement.classList.toggle("elder", on);
    document.cookie = COOKIE + "=" + (on ? "1" : "0") + "; path=/; max-age=" + (on ? YEAR : 0) + "; SameSite=Lax";
    var forms = document.querySelectorAll("[data-elder-form]");
    for (var i = 0; i < forms.length; i++) {
      var button = forms[i].querySelector("[data-elder-toggle]");
      var field = forms[i].querySelector("input[name=on]");
      if (button) {
        button.setAttribute("aria-pressed", on ? "true" : "false");
        var icon = button.querySelector(".toggle__icon");
        if (icon) icon.textContent = on ? "\u2713" : "A+";
      }
      if (field) field.value = on ? "0" : "1";
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-elder-form")) return;
    event.preventDefault();
    setElder(!document.documentElement.classList.contains("elder"));
  });
})();

/* Collapsible filter panels (<details data-open-wide>) start open where there is room for
   them beside the results; on a phone they stay closed so the results come first. */
(function () {
  "use strict";
  if (!window.matchMedia || !window.matchMedia("(min-width: 64rem)").matches) return;
  function open() {
    var panels = document.querySelectorAll("details[data-open-wide]");
    for (var i = 0; i < panels.length; i++) panels[i].open = true;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", open);
  else open();
})();
