// dateline: small progressive enhancements. Every page works without this
// file; it adds search suggestions while typing, the section strip's
// scroll cue and the comment form's checks.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var t;
    return function () {
      var args = arguments;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function setupSuggestions(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list || !window.fetch) return;
    var last = "";
    var controller = null;
    var show = function (items) {
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.title;
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
    };
    var lookup = debounce(function () {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 2) { show([]); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), controller ? { signal: controller.signal } : {})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(show)
        .catch(function () {});
    }, 200);
    input.addEventListener("input", lookup);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { show([]); }
      if (e.key === "ArrowDown" && !list.hidden) {
        var first = list.querySelector("a");
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    list.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var i = links.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i < links.length - 1) { e.preventDefault(); links[i + 1].focus(); }
      if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      if (e.key === "Escape") { show([]); input.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (!input.form.contains(e.target)) show([]);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setupSuggestions);

  // The section strip, wider than a phone: each edge the strip goes on
  // past marked, for the fade and arrow the style sheet draws there, and
  // the current section scrolled into view. Measured once the page has
  // loaded and been laid out, never while it loads: a size read then makes
  // the browser lay the whole page out at once, a long task on a slow phone.
  var nav = document.querySelector("nav.sections");
  var strip = nav && nav.querySelector("ul");
  if (strip) {
    var queued = false;
    var mark = function () {
      queued = false;
      nav.classList.toggle("more-before", strip.scrollLeft > 1);
      nav.classList.toggle("more-after", strip.scrollLeft < strip.scrollWidth - strip.clientWidth - 1);
    };
    var later = function () {
      if (!queued) { queued = true; requestAnimationFrame(mark); }
    };
    var start = function () {
      requestAnimationFrame(function () {
        var current = strip.querySelector("[aria-current]");
        if (current && current.offsetLeft + current.offsetWidth > strip.scrollLeft + strip.clientWidth) {
          strip.scrollLeft = current.offsetLeft - 48;
        }
        mark();
      });
    };
    if (document.readyState === "complete") start(); else window.addEventListener("load", start);
    strip.addEventListener("scroll", later, { passive: true });
    window.addEventListener("resize", later);
  }

  // The comment form: the same checks and messages as the server before
  // posting, replies that move the form under their comment, and the
  // reader's details remembered on this device only (the page itself is
  // the same for everyone).
  var form = document.getElementById("comment-form");
  if (!form) return;
  var messages = {
    comment: "Please enter your comment!",
    author: "Please enter your name here",
    email: "You have entered an incorrect email address!",
    url: "Please enter a website address starting with http:// or https://"
  };
  var checks = {
    comment: function (v) { return v.trim() !== ""; },
    author: function (v) { return v.trim() !== ""; },
    email: function (v) { return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()); },
    url: function (v) { return v.trim() === "" || /^https?:\/\/\S+$/i.test(v.trim()); }
  };
  function showError(name, message) {
    var field = form.elements[name];
    var box = document.getElementById(name + "-error");
    if (!field || !box) return;
    box.textContent = message || "";
    box.hidden = !message;
    field.parentNode.classList.toggle("has-error", !!message);
    if (message) field.setAttribute("aria-invalid", "true"); else field.removeAttribute("aria-invalid");
  }
  form.addEventListener("submit", function (e) {
    var first = null;
    Object.keys(checks).forEach(function (name) {
      var ok = checks[name](form.elements[name].value);
      showError(name, ok ? "" : messages[name]);
      if (!ok && !first) first = form.elements[name];
    });
    if (first) { e.preventDefault(); first.focus(); return; }
    var keep = ["author", "email", "url"];
    try {
      if (form.elements.remember.checked) {
        keep.forEach(function (k) { localStorage.setItem("dateline-comment-" + k, form.elements[k].value); });
      } else {
        keep.forEach(function (k) { localStorage.removeItem("dateline-comment-" + k); });
      }
    } catch (err) { /* storage may be disabled */ }
  });
  try {
    var remembered = false;
    ["author", "email", "url"].forEach(function (k) {
      var v = localStorage.getItem("dateline-comment-" + k);
      if (v && !form.elements[k].value) { form.elements[k].value = v; remembered = true; }
    });
    if (remembered) form.elements.remember.checked = true;
  } catch (err) { /* storage may be disabled */ }

  var respond = document.getElementById("respond");
  var home = respond && respond.parentNode;
  var homeNext = respond && respond.nextSibling;
  var cancel = document.getElementById("cancel-reply");
  var title = document.getElementById("reply-title");
  var titleText = title ? title.firstChild.nodeValue : "";
  document.querySelectorAll("a.comment-reply").forEach(function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      var body = link.closest(".comment-body");
      body.parentNode.insertBefore(respond, body.nextSibling);
      form.elements.parent.value = link.dataset.replyTo;
      if (title) title.firstChild.nodeValue = "Reply to " + link.dataset.replyName + " ";
      if (cancel) cancel.hidden = false;
      form.elements.comment.focus();
    });
  });
  // A form the server drew as a reply (?replytocom=N) is cancelled by
  // following its link back to the article.
  if (cancel && !cancel.hasAttribute("data-server-reply")) {
    cancel.addEventListener("click", function (e) {
      e.preventDefault();
      home.insertBefore(respond, homeNext);
      form.elements.parent.value = "0";
      if (title) title.firstChild.nodeValue = titleText;
      cancel.hidden = true;
    });
  }
  // An open live blog: every few seconds, while the page is in view, the
  // fragment the page names (data-live), which caches keep until the next
  // entry; new entries go on top, edited ones are replaced, removed ones
  // go, and the "last updated" time follows. The page without this has
  // every entry of its time, and a reload shows the rest.
  var live = document.querySelector("section.liveblog[data-live]");
  if (live && window.fetch && window.DOMParser) {
    var every = Math.max(2, parseInt(live.dataset.liveEvery, 10) || 5) * 1000;
    var list = live.querySelector(".live-entries");
    var news = live.querySelector(".live-news");
    var timer = null, ended = false;
    var take = function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var frag = doc.querySelector(".live-fragment");
      if (!frag || !list) return;
      var fresh = frag.querySelectorAll(".live-entries > .live-entry");
      var oldest = Infinity, seen = {}, added = 0;
      for (var i = fresh.length - 1; i >= 0; i--) {
        var e = fresh[i], id = e.dataset.entry, mine = document.getElementById("entry-" + id);
        seen[id] = true;
        oldest = Math.min(oldest, +id);
        var copy = document.importNode(e, true);
        if (!mine) {
          var empty = list.querySelector(".live-empty");
          if (empty) empty.remove();
          copy.classList.add("is-new");
          list.insertBefore(copy, list.firstChild);
          added++;
        } else if (mine.dataset.updated !== e.dataset.updated) {
          mine.replaceWith(copy);
        }
      }
      list.querySelectorAll(":scope > .live-entry").forEach(function (e) {
        if (+e.dataset.entry > oldest && !seen[e.dataset.entry]) e.remove();
      });
      var pin = frag.querySelector(".live-pinned"), mine = live.querySelector(".live-pinned");
      if (pin && mine) mine.replaceWith(document.importNode(pin, true));
      else if (pin) list.parentNode.insertBefore(document.importNode(pin, true), list);
      else if (mine) mine.remove();
      var when = live.querySelector(".live-updated time");
      if (when && frag.dataset.updated) { when.dateTime = frag.dataset.updated; when.textContent = frag.dataset.updatedText; }
      if (added && news) news.textContent = added === 1 ? "1 new update" : added + " new updates";
      if (frag.dataset.open !== "true") {
        var badge = document.querySelector(".story-header .live-badge");
        if (badge) badge.remove();
        ended = true;
        stop();
      }
    };
    var poll = function () {
      fetch(live.dataset.live, { credentials: "omit" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(take)
        .catch(function () {});
    };
    var start = function () { if (!timer && !ended) timer = setInterval(poll, every); };
    var stop = function () { clearInterval(timer); timer = null; };
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) { stop(); } else if (!ended) { poll(); start(); }
    });
    if (!document.hidden) start();
  }
})();
