// dateline: small progressive enhancements. Every page works without this
// file; it adds search suggestions while typing.
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
})();
