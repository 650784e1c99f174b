/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    // After a failed submit, take keyboard and screen-reader users to the list of problems;
    // after a precheck, to its result.
    var summary = document.querySelector("[data-error-summary]") || document.querySelector("[data-result]");
    if (summary) { summary.focus(); }

    // The folded menu opens by itself on a wide screen (app.css shows it there anyway).
    var menu = document.querySelector("details.site-menu");
    if (menu && window.matchMedia("(min-width: 48em)").matches) { menu.open = true; }

    // Buttons that print the page (letters).
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });

    // The coordinates of a point matter only when "another point" is chosen as the place.
    var place = document.getElementById("place");
    var point = document.querySelector("[data-point-fields]");
    if (place && point) {
      var sync = function () { point.hidden = place.value !== "point"; };
      place.addEventListener("change", sync);
      sync();
    }
  });
})();
