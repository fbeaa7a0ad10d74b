// Plaza's share sheet and live counts: progressive enhancement only. Without this file the
// share sheet still shows the link and its QR code, and every action is a form.
(function () {
  "use strict";

  // A share counts once per reader: tell the server (signed-in readers only; the form's token
  // comes with it) and let the event stream bring the new count.
  function countShare(sheet) {
    var form = sheet.querySelector("form.share-form");
    if (!form || typeof fetch !== "function") return;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Plaza-Fetch": "1" }
    }).catch(function () {});
  }

  function setUpShareSheet(sheet) {
    var link = sheet.querySelector("[data-testid=share-link]");
    var status = sheet.querySelector("[data-testid=share-status]");
    var copy = sheet.querySelector("[data-share=copy]");
    var native = sheet.querySelector("[data-share=native]");
    var url = link ? link.value : window.location.href;
    var title = document.title;
    if (copy) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        var done = function () {
          if (status) status.textContent = status.getAttribute("data-copied") || "";
          countShare(sheet);
        };
        var failed = function () {
          if (link) link.select();
          if (status) status.textContent = status.getAttribute("data-copy-failed") || "";
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, failed);
        } else {
          failed();
        }
      });
    }
    if (native && typeof navigator.share === "function") {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).then(function () {
          countShare(sheet);
        }, function () {});
      });
    }
    if (link) {
      link.addEventListener("focus", function () {
        link.select();
      });
    }
  }

  // Counts change live: post.counts events on the post's topic carry each count formatted for
  // this page's language.
  function setUpLiveCounts() {
    var bar = document.querySelector("[data-testid=action-bar][data-post-id]");
    if (!bar || typeof EventSource !== "function") return;
    var postId = bar.getAttribute("data-post-id");
    var source = new EventSource("/api/v1/events?topics=" + encodeURIComponent("post:" + postId));
    source.addEventListener("post.counts", function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (String(data.post_id) !== postId || !data.display) return;
      var cells = document.querySelectorAll("[data-count]");
      for (var i = 0; i < cells.length; i++) {
        var name = cells[i].getAttribute("data-count");
        if (typeof data.display[name] === "string") cells[i].textContent = data.display[name];
      }
    });
  }

  function start() {
    var sheets = document.querySelectorAll("[data-testid=share-sheet]");
    for (var i = 0; i < sheets.length; i++) setUpShareSheet(sheets[i]);
    setUpLiveCounts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
