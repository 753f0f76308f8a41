/* accord web app: draw the Plotly figures a page or an htmx fragment carries, and let htmx swap the
   validation answers (422) and conflicts (409) into the page like any other answer. No inline script:
   figure specs are JSON data blocks next to their <div data-fig>. */
(function () {
  "use strict";
  var config = {displaylogo: false, responsive: true};

  function draw(root) {
    var divs = (root || document).querySelectorAll("div[data-fig]");
    for (var i = 0; i < divs.length; i++) {
      var div = divs[i];
      if (div.getAttribute("data-drawn")) { continue; }
      var block = document.getElementById(div.getAttribute("data-fig"));
      if (!block || typeof Plotly === "undefined") { continue; }
      var spec = JSON.parse(block.textContent);
      Plotly.newPlot(div, spec.data, spec.layout, config);
      div.setAttribute("data-drawn", "1");
    }
    document.documentElement.setAttribute("data-plots-drawn", String(document.querySelectorAll("div[data-drawn]").length));
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.htmx) {
      htmx.config.responseHandling = [
        {code: "204", swap: false},
        {code: "[23]..", swap: true},
        {code: "409", swap: true},
        {code: "422", swap: true},
        {code: "[45]..", swap: false, error: true}
      ];
      document.body.addEventListener("htmx:afterSettle", function (ev) { draw(ev.detail.elt); });
    }
    draw(document);
  });
})();
