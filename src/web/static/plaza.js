// Plaza: progressive enhancement only. Every page works without this file.
(function () {
  "use strict";

  var lang = document.documentElement.lang || undefined;

  // User-perceived characters: the server counts extended grapheme clusters (ICU) the same way.
  var segmenter = null;
  if (typeof Intl !== "undefined" && typeof Intl.Segmenter === "function") {
    try {
      segmenter = new Intl.Segmenter(lang, { granularity: "grapheme" });
    } catch (e) {
      segmenter = null;
    }
  }

  function countCharacters(text) {
    if (segmenter) {
      var n = 0;
      var it = segmenter.segment(text)[Symbol.iterator]();
      while (!it.next().done) n++;
      return n;
    }
    return Array.from(text).length; // code points: close enough where Segmenter is missing
  }

  function setUpCounter(input) {
    var counter = document.getElementById(input.getAttribute("aria-describedby"));
    var max = parseInt(input.getAttribute("data-max"), 10);
    if (!counter || !(max > 0)) return;
    var update = function () {
      var n = countCharacters(input.value);
      counter.textContent = n + "/" + max;
      counter.classList.toggle("is-over", n > max);
      input.classList.toggle("is-over", n > max);
    };
    input.addEventListener("input", update);
    update();
  }

  // "3 minutes ago" next to the server's absolute time, which stays as the tooltip.
  function setUpRelativeTimes() {
    if (typeof Intl === "undefined" || typeof Intl.RelativeTimeFormat !== "function") return;
    var rtf;
    try {
      rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    } catch (e) {
      return;
    }
    var units = [
      ["year", 31536000], ["month", 2592000], ["week", 604800],
      ["day", 86400], ["hour", 3600], ["minute", 60]
    ];
    var times = document.querySelectorAll("time[datetime]");
    var now = Date.now();
    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      var when = Date.parse(el.getAttribute("datetime"));
      if (isNaN(when)) continue;
      var seconds = Math.round((when - now) / 1000);
      var abs = Math.abs(seconds);
      var text = null;
      for (var u = 0; u < units.length; u++) {
        if (abs >= units[u][1]) {
          text = rtf.format(Math.round(seconds / units[u][1]), units[u][0]);
          break;
        }
      }
      if (text === null) text = rtf.format(0, "second");
      if (!el.title) el.title = el.textContent;
      el.textContent = text;
    }
  }

  function start() {
    var inputs = document.querySelectorAll("textarea[data-max]");
    for (var i = 0; i < inputs.length; i++) setUpCounter(inputs[i]);
    setUpRelativeTimes();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
