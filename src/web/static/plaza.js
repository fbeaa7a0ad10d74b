// Plaza: progressive enhancement only. Every page works without this file.
(function () {
  "use strict";

  var lang = document.documentElement.lang || undefined;

  // A count written as the server writes it in this locale (i18n/numbers.hpp): its digits
  // (Arabic-Indic in ar) and its separator between groups of three.
  var digits = Array.from(document.documentElement.getAttribute("data-digits") || "");
  var digitGroup = document.documentElement.getAttribute("data-digit-group") || "";
  function formatNumber(n) {
    var ascii = String(Math.trunc(Math.abs(Number(n)) || 0));
    var out = Number(n) < 0 ? "-" : "";
    for (var i = 0; i < ascii.length; i++) {
      if (i > 0 && (ascii.length - i) % 3 === 0) out += digitGroup;
      out += digits.length === 10 ? digits[ascii.charCodeAt(i) - 48] : ascii[i];
    }
    return out;
  }

  // User-perceived characters: the server counts extended grapheme clusters (ICU) the same way.
  var segmenter = null;
  if (typeof Intl !== "undefined" && typeof Intl.Segmenter === "function") {
    try {
      segmenter = new Intl.Segmenter(lang, { granularity: "grapheme" });
    } catch (e) {
      segmenter = null;
    }
  }

  // What the server checks of a comment (src/text/checks.cpp): grapheme clusters, UTF-8 bytes
  // as the form sends them (a line break goes out as CR LF) and the code points after the first
  // of each cluster. Without Intl.Segmenter the counts are upper bounds (code points; runs of
  // marks, joiners and what they join), so the button never accepts what the server refuses.
  function measure(text) {
    var bytes = 0;
    var codePoints = Array.from(text);
    for (var i = 0; i < codePoints.length; i++) {
      var cp = codePoints[i].codePointAt(0);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (cp === 10) bytes += 1;
    }
    var clusters = 0;
    var maxMarks = 0;
    if (segmenter) {
      var it = segmenter.segment(text)[Symbol.iterator]();
      for (var step = it.next(); !step.done; step = it.next()) {
        clusters++;
        var marks = Array.from(step.value.segment).length - 1;
        if (marks > maxMarks) maxMarks = marks;
      }
      return { clusters: clusters, bytes: bytes, marks: maxMarks, exact: true };
    }
    var run = 0;
    for (var j = 0; j < codePoints.length; j++) {
      var c = codePoints[j];
      var joined = j > 0 && codePoints[j - 1] === "\u200d";
      run = j > 0 && (extender.test(c) || joined) ? run + 1 : 0;
      if (run > maxMarks) maxMarks = run;
    }
    return { clusters: codePoints.length, bytes: bytes, marks: maxMarks, exact: false };
  }
  var extender = (function () {
    try {
      return new RegExp("[\\p{M}\\p{Emoji_Modifier}\\u200d\\ufe00-\\ufe0f\\u1100-\\u11ff" +
        "\\ua960-\\ua97f\\ud7b0-\\ud7ff\\u{e0020}-\\u{e007f}]", "u");
    } catch (e) {
      return /[\u0300-\u036f\u200d\ufe00-\ufe0f]/;
    }
  })();

  function countCharacters(text) {
    return measure(text).clusters;
  }

  function setUpCounter(input) {
    var counter = document.getElementById(input.getAttribute("aria-describedby"));
    var max = parseInt(input.getAttribute("data-max"), 10);
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10) || Infinity;
    var maxMarks = parseInt(input.getAttribute("data-max-marks"), 10) || Infinity;
    if (!counter || !(max > 0)) return;
    var form = input.form;
    var submit = form ? form.querySelector("button[type=submit]") : null;
    var update = function () {
      var m = measure(input.value);
      var over = m.clusters > max || m.bytes > maxBytes || m.marks > maxMarks;
      var blank = !/\S/.test(input.value);
      counter.textContent = formatNumber(m.clusters) + "/" + formatNumber(max);
      counter.classList.toggle("is-over", over);
      input.classList.toggle("is-over", over);
      input.setAttribute("aria-invalid", over ? "true" : "false");
      if (submit && !input.disabled) submit.disabled = over || blank;
    };
    input.addEventListener("input", update);
    update();
  }
  window.plazaMeasure = measure; // the counter-parity browser test reads it

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

  // Token chips (docs/markets.md): the server renders each chip with its value (a cached page
  // lives no longer than its freshness rule and never past the moment a chip turns stale,
  // data-stale-at); the chip then follows ticker.update events on ticker:SYMBOL, and greys the
  // value once it is older than the server's staleness limit, however long the page stays open.
  // Values come formatted for this page's language by the server.
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
    for (var j = 0; j < chips.length; j++) {
      var staleAt = Date.parse(chips[j].getAttribute("data-stale-at") || "");
      if (!isNaN(staleAt)) seen[chips[j].getAttribute("data-symbol")] = { updated: staleAt, staleAfter: 0 };
    }

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
        var price = (chip.closest("li") || chip).querySelector("[data-price]");
        if (price && ticker.display) price.textContent = ticker.display.price;
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
    markStale();
    window.setInterval(markStale, 5000);
    if (typeof EventSource !== "function") return;
    var source = new EventSource("/api/v1/events?topics=" + encodeURIComponent(topics.join(",")));
    source.addEventListener("ticker.update", function (event) {
      try {
        show(JSON.parse(event.data));
      } catch (e) {}
    });
  }


  // Rewards (docs/rewards.md): the reward dialog (presets, a custom amount, the balance, a
  // confirmation step), the tip count kept live by post.counts and the balance by
  // wallet.balance on the viewer's private topic.
  function setUpRewards() {
    var item = document.querySelector("li.reward[data-reward-post]");
    if (!item) return;
    var postId = item.getAttribute("data-reward-post");
    var viewer = item.getAttribute("data-viewer");
    var csrf = item.getAttribute("data-csrf") || "";
    var count = item.querySelector("[data-testid=action-reward-count]");
    var button = item.querySelector("[data-testid=action-reward]");
    var dialog = document.getElementById("reward-dialog");
    var form = dialog ? dialog.querySelector("form") : null;
    var balance = dialog ? dialog.querySelector("[data-testid=reward-balance]") : null;
    var status = dialog ? dialog.querySelector("[data-testid=reward-status]") : null;
    var amountInput = dialog ? dialog.querySelector("[data-testid=reward-amount]") : null;
    var send = dialog ? dialog.querySelector("[data-testid=reward-send]") : null;
    var wallet = null; // the first asset's balance: {asset, amount, decimals, presets}
    var armed = null; // the amount awaiting confirmation
    var key = null; // one Idempotency-Key per confirmed tip, kept for its retries
    // What the dialog rewards: the post, or a comment whose reward link opened it. Without
    // script those links lead to the reward form (/p/{id}/reward, /c/{id}/reward).
    var target = "/api/v1/posts/" + postId + "/tips";

    function showBalance(display) {
      if (balance) balance.textContent = form.getAttribute("data-balance").replace("%b", display);
    }
    function disarm() {
      armed = null;
      key = null;
      if (send) send.textContent = send.getAttribute("data-label");
    }
    function loadWallet() {
      fetch("/api/v1/wallet", { headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (body) {
          if (!body || !body.wallet.balances.length) return;
          wallet = body.wallet.balances[0];
          showBalance(wallet.amount + " " + wallet.asset);
          var presets = dialog.querySelector("[data-testid=reward-presets]");
          presets.textContent = "";
          (wallet.presets || []).forEach(function (amount) {
            var b = document.createElement("button");
            b.type = "button";
            b.className = "btn btn-ghost btn-sm reward-preset";
            b.setAttribute("data-testid", "reward-preset");
            b.textContent = amount + " " + wallet.asset;
            b.addEventListener("click", function () {
              amountInput.value = amount;
              disarm();
            });
            presets.appendChild(b);
          });
        })
        .catch(function () {});
    }
    // Who rewarded this post already (the newest first).
    function loadTippers() {
      var list = dialog.querySelector("[data-testid=reward-tippers]");
      list.textContent = "";
      if (target.indexOf("/api/v1/posts/") !== 0) return;
      fetch("/api/v1/posts/" + postId + "/tips", { credentials: "same-origin" })
        .then(function (res) { return res.ok ? res.json() : null; })
        .then(function (body) {
          if (!body) return;
          var seen = {};
          var handles = [];
          body.items.forEach(function (t) {
            if (!seen[t.tipper.handle]) handles.push("@" + t.tipper.handle);
            seen[t.tipper.handle] = true;
          });
          list.textContent = handles.length ? list.getAttribute("data-label") + " " + handles.join(", ") : "";
        })
        .catch(function () {});
    }
    if (dialog && typeof dialog.showModal === "function") {
      var open = function (event, path) {
        event.preventDefault();
        target = path;
        disarm();
        status.textContent = "";
        loadWallet();
        loadTippers();
        dialog.showModal();
      };
      if (button && !button.disabled) {
        button.addEventListener("click", function (event) {
          open(event, "/api/v1/posts/" + postId + "/tips");
        });
      }
      document.addEventListener("click", function (event) {
        var link = event.target.closest ? event.target.closest("a[data-reward-comment]") : null;
        if (link) open(event, "/api/v1/comments/" + link.getAttribute("data-reward-comment") + "/tips");
      });
      dialog.querySelector("[data-testid=reward-cancel]").addEventListener("click", function () {
        dialog.close();
      });
      amountInput.addEventListener("input", disarm);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var amount = amountInput.value.trim();
        if (!wallet || !amount) return;
        if (armed !== amount) {
          // First press: say what will be sent; the second press sends it.
          armed = amount;
          key = "tip-" + Date.now() + "-" + Math.random().toString(36).slice(2);
          send.textContent = form.getAttribute("data-confirm")
            .replace("%a", amount).replace("%s", wallet.asset);
          return;
        }
        send.disabled = true;
        fetch(target, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "Idempotency-Key": key, "X-CSRF-Token": csrf },
          body: JSON.stringify({
            asset: wallet.asset,
            amount: amount,
            message: dialog.querySelector("[data-testid=reward-message]").value,
          }),
        })
          .then(function (res) {
            return res.json().then(function (body) { return { ok: res.ok, status: res.status, body: body }; });
          })
          .then(function (r) {
            send.disabled = false;
            disarm();
            if (r.ok) {
              status.textContent = form.getAttribute("data-sent");
              loadWallet();
              loadTippers();
              return;
            }
            var e = r.body && r.body.error;
            status.textContent = r.status === 409 && e && e.field === "amount"
              ? form.getAttribute("data-short")
              : (e && e.message) || form.getAttribute("data-failed");
          })
          .catch(function () {
            send.disabled = false;
            status.textContent = form.getAttribute("data-failed");
          });
      });
    }
    if (typeof EventSource !== "function") return;
    var topics = "post:" + postId + (viewer ? ",user:" + viewer : "");
    var source = new EventSource("/api/v1/events?topics=" + encodeURIComponent(topics));
    source.addEventListener("post.counts", function (event) {
      try {
        var data = JSON.parse(event.data);
        if (String(data.post_id) !== postId || !data.display || data.display.tips === undefined) return;
        count.textContent = data.display.tips;
      } catch (e) {}
    });
    source.addEventListener("wallet.balance", function (event) {
      try {
        var data = JSON.parse(event.data);
        if (wallet && data.asset === wallet.asset) {
          wallet.amount = data.amount;
          showBalance(data.display);
        }
      } catch (e) {}
    });
  }

  // The wallet page keeps its balances current from wallet.balance on the private topic.
  function setUpWallet() {
    var wallet = document.querySelector("[data-testid=wallet][data-user-topic]");
    if (!wallet || typeof EventSource !== "function") return;
    var topic = wallet.getAttribute("data-user-topic");
    var source = new EventSource("/api/v1/events?topics=" + encodeURIComponent(topic));
    source.addEventListener("wallet.balance", function (event) {
      try {
        var data = JSON.parse(event.data);
        var items = wallet.querySelectorAll("[data-testid=wallet-balance]");
        Array.prototype.forEach.call(items, function (item) {
          if (item.getAttribute("data-asset") !== data.asset) return;
          item.querySelector("[data-testid=wallet-amount]").textContent = data.display;
        });
      } catch (e) {}
    });
  }

  // Like buttons post their form without leaving the page; without script they post it plainly.
  function setUpLikes() {
    var forms = document.querySelectorAll("form[data-like-form]");
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener("submit", function (event) {
        if (typeof fetch !== "function" || typeof URLSearchParams !== "function") return;
        event.preventDefault();
        var button = form.querySelector("button");
        var liked = form.querySelector("input[name=liked]");
        fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Accept": "application/json" },
          body: new URLSearchParams(new FormData(form))
        }).then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        }).then(function (data) {
          var like = data.like;
          liked.value = like.liked ? "1" : "0";
          button.setAttribute("aria-pressed", like.liked ? "true" : "false");
          var count = button.querySelector("[data-count], [data-testid=comment-like-count]");
          if (count) count.textContent = formatNumber(like.count);
        }).catch(function () {
          form.submit();
        });
      });
    });
  }

  function setCount(name, text) {
    var els = document.querySelectorAll("[data-count=" + name + "]");
    for (var i = 0; i < els.length; i++) els[i].textContent = text;
  }

  // Counts and comments of the post change live (post.counts, comment.created, comment.deleted).
  function setUpLiveConversation() {
    var bar = document.querySelector("[data-testid=action-bar][data-post-id]");
    var list = document.querySelector("[data-testid=comment-list]");
    if (!bar || !list || typeof EventSource !== "function") return;
    var postId = bar.getAttribute("data-post-id");
    var source = new EventSource("/api/v1/events?topics=" + encodeURIComponent("post:" + postId));
    function parse(event) {
      try {
        var data = JSON.parse(event.data);
        return String(data.post_id) === postId ? data : null;
      } catch (e) {
        return null;
      }
    }
    source.addEventListener("post.counts", function (event) {
      var data = parse(event);
      if (!data) return;
      for (var name in data.display) {
        if (Object.prototype.hasOwnProperty.call(data.display, name)) setCount(name, data.display[name]);
      }
    });
    // Shows `text` in the count `testid` of the comment the event names.
    function setCommentCount(data, testid, text) {
      var item = data && document.getElementById("c-" + data.comment_id);
      var count = item && item.querySelector("[data-testid=" + testid + "]");
      if (count && text !== undefined) count.textContent = text;
    }
    source.addEventListener("comment.likes", function (event) {
      var data = parse(event);
      if (data) setCommentCount(data, "comment-like-count", data.display);
    });
    // A comment's tips (comment.counts carries the display post.counts has for the post's).
    source.addEventListener("comment.counts", function (event) {
      var data = parse(event);
      if (data && data.display) setCommentCount(data, "comment-tip-count", data.display.tips);
    });
    source.addEventListener("comment.created", function (event) {
      var data = parse(event);
      if (!data || document.getElementById("c-" + data.comment.id)) return;
      var c = data.comment;
      var li = document.createElement("li");
      li.className = "comment" + (c.parent_id ? " is-reply" : "");
      li.id = "c-" + c.id;
      li.setAttribute("data-testid", "comment");
      li.setAttribute("data-comment-id", String(c.id));
      var head = document.createElement("div");
      head.className = "comment-head";
      var author = document.createElement("a");
      author.className = "author-name";
      author.href = "/u/" + encodeURIComponent(c.author.handle);
      author.textContent = c.author.display_name || c.author.handle;
      head.appendChild(author);
      var body = document.createElement("p");
      body.className = "comment-body";
      body.setAttribute("data-testid", "comment-body");
      body.setAttribute("dir", "auto");
      if (c.lang && c.lang !== "und") body.setAttribute("lang", c.lang);
      body.textContent = c.body || "";
      li.appendChild(head);
      li.appendChild(body);
      // In another language than the reader's: offered, as the server offers it (a comment
      // without a route answers "unavailable" and the page then shows what the server does).
      var readerLang = list.getAttribute("data-reader-lang");
      if (c.lang && c.lang !== "und" && readerLang && c.lang !== readerLang) {
        var offer = document.createElement("p");
        offer.className = "comment-translation";
        offer.setAttribute("data-testid", "comment-translation");
        offer.setAttribute("data-status", "available");
        var link = document.createElement("a");
        link.href = "?translate=" + c.id + "#c-" + c.id;
        link.rel = "nofollow";
        link.setAttribute("data-comment-translate", String(c.id));
        link.setAttribute("data-testid", "comment-translate");
        link.textContent = list.getAttribute("data-text-translate") || "";
        offer.appendChild(link);
        li.appendChild(offer);
      }
      // A reply goes after the last comment of its thread; a top comment at the end.
      var anchor = null;
      if (c.parent_id) {
        var thread = list.querySelectorAll("[data-thread-id='" + c.parent_id + "']");
        if (thread.length) anchor = thread[thread.length - 1].nextSibling;
        li.setAttribute("data-thread-id", String(c.parent_id));
      } else {
        li.setAttribute("data-thread-id", String(c.id));
      }
      list.insertBefore(li, anchor);
      var empty = document.querySelector("[data-testid=comments-empty]");
      if (empty) empty.hidden = true;
    });
    // A comment in another language (docs/translation.md, "Comments"): "Translate" asks the API
    // in place (the link itself works without script, ?translate=<id>) and the translation
    // arrives as comment.translation on the post's topic, for every page reading in its target.
    function showCommentTranslation(item, data) {
      var state = item.querySelector("[data-testid=comment-translation]");
      if (data.status === "unavailable") {
        if (!state || state.getAttribute("data-status") === "ready") return;
        state.setAttribute("data-status", "unavailable");
        state.textContent = data.label;
        return;
      }
      var body = item.querySelector("[data-testid=comment-body]");
      if (data.status !== "ready" || !body || body.hasAttribute("data-translated")) return;
      var original = body.cloneNode(true);
      original.setAttribute("data-testid", "comment-original");
      body.textContent = data.body;
      body.setAttribute("lang", data.lang);
      body.setAttribute("data-translated", "");
      var box = document.createElement("div");
      box.className = "comment-translation";
      box.setAttribute("data-testid", "comment-translation");
      box.setAttribute("data-status", "ready");
      var label = document.createElement("span");
      label.setAttribute("data-testid", "comment-translated-from");
      label.textContent = data.label;
      var details = document.createElement("details");
      details.className = "comment-original";
      var summary = document.createElement("summary");
      summary.setAttribute("data-testid", "comment-view-original");
      summary.textContent = list.getAttribute("data-text-view-original") || "";
      details.appendChild(summary);
      details.appendChild(original);
      box.appendChild(label);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(details);
      if (state) {
        state.parentNode.replaceChild(box, state);
      } else {
        body.parentNode.insertBefore(box, body.nextSibling);
      }
    }
    source.addEventListener("comment.translation", function (event) {
      var data = parse(event);
      if (!data || !data.status) return;  // another language's readers get only {comment_id, to}
      var item = document.getElementById("c-" + data.comment_id);
      if (item) showCommentTranslation(item, data);
    });
    list.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("[data-comment-translate]") : null;
      if (!link || typeof fetch !== "function") return;
      event.preventDefault();
      var state = link.closest("[data-testid=comment-translation]");
      var pending = document.createElement("span");
      pending.setAttribute("data-testid", "comment-translation-pending");
      pending.textContent = list.getAttribute("data-text-translation-pending") || "";
      state.setAttribute("data-status", "pending");
      state.setAttribute("role", "status");
      state.replaceChildren(pending);
      var lang = document.documentElement.getAttribute("lang") || "";
      fetch("/api/v1/comments/" + link.getAttribute("data-comment-translate") +
            "/translation?lang=" + encodeURIComponent(lang), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        // Pending: comment.translation follows. Anything else (stored meanwhile, refused, not
        // available) the page shows as the server renders it.
        if (data && data.translation && data.translation.status === "pending") return;
        window.location.assign(link.href);
      }).catch(function () {
        window.location.assign(link.href);
      });
    });
    source.addEventListener("comment.deleted", function (event) {
      var data = parse(event);
      if (!data) return;
      var item = document.getElementById("c-" + data.comment.id);
      if (!item) return;
      item.classList.add("is-deleted");
      var body = item.querySelector("[data-testid=comment-body]");
      if (body) {
        body.textContent = list.getAttribute("data-deleted-text") || "";
        body.setAttribute("data-testid", "comment-deleted");
      }
      var tools = item.querySelector(".comment-tools");
      if (tools) tools.remove();
    });
  }

  // The header's unread badge follows the reader's private topic.
  function setUpBadge() {
    var link = document.querySelector("[data-user-topic]");
    var badge = document.querySelector("[data-testid=unread-badge]");
    if (!link || !badge || typeof EventSource !== "function") return;
    var source = new EventSource("/api/v1/events?topics=" +
      encodeURIComponent(link.getAttribute("data-user-topic")));
    function update(event) {
      try {
        var data = JSON.parse(event.data);
        badge.textContent = data.display;
        // The badge and its label for screen readers show and hide together.
        badge.closest("[data-unread]").hidden = !(data.unread > 0);
      } catch (e) {
        /* ignore a malformed event */
      }
    }
    source.addEventListener("notification.created", update);
    source.addEventListener("notification.read", update);
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
    setUpLikes();
    setUpLiveConversation();
    setUpBadge();
    setUpRewards();
    setUpWallet();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
