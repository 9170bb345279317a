/* The region page: one evidence box open at a time (served as a file: the CSP allows no inline script). */
(function () {
  "use strict";
/* One evidence box open at a time: the sentences behind the clicked heat-map cell. */
document.addEventListener("click", function (e) {
  var b = e.target.closest(".evidence-toggle");
  if (!b) return;
  var box = document.getElementById(b.getAttribute("data-target"));
  var wasOpen = box && !box.hidden;
  Array.prototype.forEach.call(document.querySelectorAll(".evidence"), function (el) { el.hidden = true; });
  Array.prototype.forEach.call(document.querySelectorAll(".evidence-toggle[aria-pressed]"), function (el) {
    el.removeAttribute("aria-pressed");
  });
  if (box && !wasOpen) { box.hidden = false; b.setAttribute("aria-pressed", "true"); }
});
})();
