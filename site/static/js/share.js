/* Kepu: the share block's "复制链接" and the poster's "打印". Without JavaScript both buttons
   stay hidden: the link can be selected in its box and the poster printed from the browser. */
(function () {
  "use strict";
  function copied(button) {
    var status = button.closest(".share").querySelector(".share__status");
    if (status) status.textContent = button.getAttribute("data-copied");
  }
  function fallback(input, button) {
    input.focus();
    input.select();
    try { if (document.execCommand("copy")) copied(button); } catch (e) { /* the text stays selected */ }
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { copied(button); }, function () { fallback(input, button); });
      } else {
        fallback(input, button);
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
