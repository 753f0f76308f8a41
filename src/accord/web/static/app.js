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

  /* Turn clocks: a [data-left] element (seconds left, from the server) counts down once a second with no
     request. At zero the game panel around it gets "accord-expired": the panel of the seat whose move is
     due fetches itself again, which plays the fallback move (a waiting seat's panel polls anyway). */
  function clockText(s) {
    var d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var text = (h || d) ? h + ":" + two(m) + ":" + two(s % 60) : m + ":" + two(s % 60);
    return d ? d + "d " + text : text;
  }

  function arm(root) {
    var els = (root || document).querySelectorAll("[data-left]");
    for (var i = 0; i < els.length; i++) {
      var left = parseFloat(els[i].getAttribute("data-left"));
      if (els[i].accordEnd === undefined && !isNaN(left)) {
        els[i].accordEnd = Date.now() + 1000 * left;
        els[i].accordLate = left <= 0;  // already due by the server's clock: wait before asking again
      }
    }
  }

  function expired(el) {
    var panel = el.closest("#game-panel");
    if (panel && window.htmx) { htmx.trigger(panel, "accord-expired"); } else { window.location.reload(); }
  }

  function tick() {
    var els = document.querySelectorAll("[data-left]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.accordEnd === undefined || el.accordFired) { continue; }
      var left = Math.max(0, Math.floor((el.accordEnd - Date.now()) / 1000));
      el.textContent = clockText(left);
      var box = el.closest(".turn-clock");
      if (box) { box.classList.toggle("urgent", left <= 30); }
      if (left === 0) {
        el.accordFired = true;
        setTimeout(expired, el.accordLate ? 2000 : 300, el);
      }
    }
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
      document.body.addEventListener("htmx:afterSettle", function (ev) { draw(ev.detail.elt); arm(document); });
    }
    draw(document);
    arm(document);
    setInterval(tick, 1000);
  });
})();
