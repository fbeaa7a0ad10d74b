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

  // The summary box, while its summary is being made: listen for it on the event stream and
  // show it without a reload. The server formats the text for this page's language.
  function setUpLiveSummary() {
    var box = document.querySelector("[data-testid=summary-box]");
    if (!box || typeof EventSource !== "function") return;
    var state = box.getAttribute("data-state");
    if (state !== "pending" && state !== "updating") return;
    var postId = box.getAttribute("data-post-id");
    var revision = Number(box.getAttribute("data-revision")) || 0;
    var url = "/api/v1/events?topics=" + encodeURIComponent("post:" + postId);
    // Resume from the event the page was rendered with, so one published meanwhile is not lost.
    var since = box.getAttribute("data-events-since");
    if (since && since !== "0") url += "&last_event_id=" + encodeURIComponent(since);
    var source = new EventSource(url);

    function parse(event) {
      try {
        var data = JSON.parse(event.data);
        if (String(data.post_id) !== postId || data.revision < revision) return null;
        return data;
      } catch (e) {
        return null;
      }
    }
    source.addEventListener("summary.ready", function (event) {
      var data = parse(event);
      if (!data) return;
      // A translated page waits for the summary in its own language (translation.ready).
      if (box.getAttribute("data-awaits-translation")) return;
      var text = box.querySelector("[data-testid=summary-text]");
      if (text) {
        text.classList.remove("is-pending");
        text.setAttribute("dir", "auto");
        if (data.lang && data.lang !== "und") text.setAttribute("lang", data.lang);
        text.textContent = String(data.text || "").replace(/\n/g, " ");
      }
      var meta = box.querySelector("[data-testid=summary-engine]");
      if (meta) meta.textContent = data.engine_label || "";
      box.setAttribute("data-state", "ready");
      box.setAttribute("aria-busy", "false");
      source.close();
    });
    // No summary for this revision (too short, or every attempt failed): the box goes away.
    source.addEventListener("summary.unavailable", function (event) {
      if (!parse(event)) return;
      box.hidden = true;
      source.close();
    });
    // The server could not replay what this page missed: read the page again, once a minute
    // at most (a page served stale from a cache would otherwise reload in a loop).
    source.addEventListener("resync", function () {
      source.close();
      var key = "plaza-resync:" + postId;
      var last = 0;
      try {
        last = Number(window.sessionStorage.getItem(key)) || 0;
        window.sessionStorage.setItem(key, String(Date.now()));
      } catch (e) {
        return;
      }
      if (Date.now() - last > 60000) window.location.reload();
    });
  }

  // The post in the reader's language (docs/translation.md): "View original" swaps the
  // translated and the original text in place (the other version travels in a <template>), and
  // a page whose translation is being made takes it from translation.ready when it comes.
  function setUpTranslation() {
    var bar = document.querySelector("[data-testid=translation-bar]");
    if (!bar) return;
    var link = bar.querySelector("[data-testid=view-original]");
    var label = bar.querySelector("[data-testid=translated-from]");
    var content = document.querySelector(".post-content");
    var title = document.querySelector("[data-testid=post-title]");
    var body = document.querySelector("[data-testid=post-body]");
    var summaryText = document.querySelector("[data-testid=summary-text]");
    if (!link || !label || !content || !title || !body) return;
    var siteSuffix = document.title.slice(document.title.lastIndexOf(" · "));

    function alternate() {
      return bar.querySelector("[data-testid=post-alternate]");
    }
    function keepAlternate(lang, titleText, bodyHtml, summary) {
      var tpl = alternate();
      if (!tpl) {
        tpl = document.createElement("template");
        tpl.setAttribute("data-testid", "post-alternate");
        bar.appendChild(tpl);
      }
      tpl.setAttribute("data-lang", lang || "");
      tpl.setAttribute("data-title", titleText);
      var h = document.createElement("h1");
      h.textContent = titleText;
      var d = document.createElement("div");
      d.innerHTML = bodyHtml;
      tpl.content.textContent = "";
      tpl.content.appendChild(h);
      tpl.content.appendChild(d);
      if (summary !== null) {
        var p = document.createElement("p");
        p.textContent = summary.text;
        p.setAttribute("lang", summary.lang || "");
        tpl.content.appendChild(p);
      }
    }
    function currentSummary() {
      if (!summaryText || summaryText.classList.contains("is-pending")) return null;
      return { text: summaryText.textContent, lang: summaryText.getAttribute("lang") || "" };
    }
    function show(lang, titleText, bodyHtml, summary) {
      title.textContent = titleText;
      body.innerHTML = bodyHtml;
      if (lang) content.setAttribute("lang", lang);
      else content.removeAttribute("lang");
      document.title = titleText + siteSuffix;
      if (summary !== null && summaryText) {
        summaryText.classList.remove("is-pending");
        summaryText.textContent = summary.text;
        if (summary.lang) summaryText.setAttribute("lang", summary.lang);
      }
    }
    function setShown(shown) {
      bar.setAttribute("data-shown", shown);
      var translated = shown === "translated";
      label.textContent = bar.getAttribute(translated ? "data-label-translated" : "data-label-original");
      link.textContent = bar.getAttribute(translated ? "data-text-view-original" : "data-text-view-translation");
      link.setAttribute("href", bar.getAttribute(translated ? "data-href-original" : "data-href-translation"));
      link.hidden = false;
    }
    function toggle(event) {
      var tpl = alternate();
      if (!tpl) return;
      event.preventDefault();
      var parts = tpl.content.children;
      var next = {
        lang: tpl.getAttribute("data-lang"),
        title: tpl.getAttribute("data-title"),
        body: parts[1] ? parts[1].innerHTML : "",
        summary: parts[2] ? { text: parts[2].textContent, lang: parts[2].getAttribute("lang") } : null,
      };
      var summaryNow = next.summary ? currentSummary() : null;
      keepAlternate(content.getAttribute("lang"), title.textContent, body.innerHTML, summaryNow);
      show(next.lang, next.title, next.body, next.summary);
      setShown(bar.getAttribute("data-shown") === "translated" ? "original" : "translated");
    }
    link.addEventListener("click", toggle);

    if (bar.getAttribute("data-status") !== "pending" && !document.querySelector("[data-awaits-translation]")) return;
    if (typeof EventSource !== "function") return;
    var postId = bar.getAttribute("data-post-id");
    var to = bar.getAttribute("data-to");
    var url = "/api/v1/events?topics=" + encodeURIComponent("post:" + postId);
    var waiting = document.querySelector("[data-awaits-translation]");
    var since = bar.getAttribute("data-events-since") || (waiting && waiting.getAttribute("data-events-since"));
    if (since && since !== "0") url += "&last_event_id=" + encodeURIComponent(since);
    var source = new EventSource(url);
    source.addEventListener("translation.ready", function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (String(data.post_id) !== postId || data.to !== to || !data.title) return;
      var summary = data.summary ? { text: String(data.summary).replace(/\n/g, " "), lang: data.lang } : null;
      if (bar.getAttribute("data-shown") !== "translated") {
        bar.setAttribute("data-label-translated", data.label || "");
        keepAlternate(content.getAttribute("lang"), title.textContent, body.innerHTML, summary ? currentSummary() : null);
        show(data.lang, data.title, data.body_html, summary);
        bar.setAttribute("data-status", "ready");
        setShown("translated");
      } else if (summary !== null && summaryText) {
        show(data.lang, title.textContent, body.innerHTML, summary);
      }
      var box = document.querySelector("[data-awaits-translation]");
      if (summary !== null && box) {
        box.removeAttribute("data-awaits-translation");
        summaryText.classList.remove("is-pending");
        box.setAttribute("data-state", "ready");
        box.setAttribute("aria-busy", "false");
      }
      if (summary !== null || !document.querySelector("[data-awaits-translation]")) source.close();
    });
  }

  // Token chips (docs/markets.md): the cached page carries no price, so none can be frozen in
  // it; the chip asks for the ticker, follows ticker.update events on ticker:SYMBOL, and greys
  // the value once it is older than the server's staleness limit, however long the page stays
  // open. Values come formatted for this page's language by the server.
  function setUpLiveChips() {
    var chips = document.querySelectorAll("[data-testid=token-chip][data-symbol]");
    if (!chips.length || typeof window.fetch !== "function") return;
    var bySymbol = {};
    var lang = document.documentElement.getAttribute("lang") || "";
    for (var i = 0; i < chips.length; i++) {
      var symbol = chips[i].getAttribute("data-symbol");
      (bySymbol[symbol] = bySymbol[symbol] || []).push(chips[i]);
    }
    var seen = {};  // symbol -> {updated: ms, staleAfter: ms}

    function show(ticker) {
      var list = bySymbol[ticker.symbol] || [];
      if (ticker.updated_at) {
        seen[ticker.symbol] = {
          updated: Date.parse(ticker.updated_at),
          staleAfter: (Number(ticker.stale_after_s) || 120) * 1000,
        };
      }
      var change = ticker.change_24h ? Number(ticker.change_24h.replace(/^[+]/, "")) : 0;
      for (var k = 0; k < list.length; k++) {
        var chip = list[k];
        var out = chip.querySelector("[data-change]");
        if (out) out.textContent = ticker.display ? ticker.display.change : "";
        chip.classList.toggle("is-up", change > 0);
        chip.classList.toggle("is-down", change < 0);
        chip.classList.toggle("is-stale", !!ticker.stale);
        chip.setAttribute("data-stale", ticker.stale ? "true" : "false");
      }
    }
    function markStale() {
      for (var symbol in seen) {
        if (Date.now() - seen[symbol].updated <= seen[symbol].staleAfter) continue;
        var list = bySymbol[symbol] || [];
        for (var k = 0; k < list.length; k++) {
          list[k].classList.add("is-stale");
          list[k].setAttribute("data-stale", "true");
        }
      }
    }
    var topics = [];
    Object.keys(bySymbol).forEach(function (symbol) {
      topics.push("ticker:" + symbol);
      window
        .fetch("/api/v1/tickers/" + encodeURIComponent(symbol) + (lang ? "?lang=" + encodeURIComponent(lang) : ""))
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (body) {
          if (body && body.ticker) show(body.ticker);
        })
        .catch(function () {});
    });
    window.setInterval(markStale, 5000);
    if (typeof EventSource !== "function") return;
    var source = new EventSource("/api/v1/events?topics=" + encodeURIComponent(topics.join(",")));
    source.addEventListener("ticker.update", function (event) {
      try {
        show(JSON.parse(event.data));
      } catch (e) {}
    });
  }

  function start() {
    var inputs = document.querySelectorAll("textarea[data-max]");
    for (var i = 0; i < inputs.length; i++) setUpCounter(inputs[i]);
    setUpRelativeTimes();
    // A page may come from a cache and stay open for hours: relative times follow the clock.
    window.setInterval(setUpRelativeTimes, 60000);
    setUpLiveSummary();
    setUpTranslation();
    setUpLiveChips();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
