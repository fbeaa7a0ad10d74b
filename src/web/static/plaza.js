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
    if (button && dialog && typeof dialog.showModal === "function") {
      button.addEventListener("click", function () {
        disarm();
        status.textContent = "";
        loadWallet();
        loadTippers();
        dialog.showModal();
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
        fetch("/api/v1/posts/" + postId + "/tips", {
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

  function start() {
    var inputs = document.querySelectorAll("textarea[data-max]");
    for (var i = 0; i < inputs.length; i++) setUpCounter(inputs[i]);
    setUpRelativeTimes();
    // A page may come from a cache and stay open for hours: relative times follow the clock.
    window.setInterval(setUpRelativeTimes, 60000);
    setUpLiveSummary();
    setUpRewards();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
