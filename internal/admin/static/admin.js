// dateline newsroom: small enhancements over pages that work without
// script. Confirmations, copying a new token, tag suggestions, and the
// editor's toolbar, live preview, autosave, unsaved-changes warning and
// picture search.
(function () {
  'use strict';

  // Buttons and forms with data-confirm ask first.
  document.addEventListener('submit', function (e) {
    var b = e.submitter;
    var msg = (b && b.getAttribute('data-confirm')) || e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
    }
  });

  // A form that came back with problems: take the keyboard to the list.
  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
  }

  // A new API token: select it on focus, offer to copy it.
  Array.prototype.forEach.call(document.querySelectorAll('[data-select]'), function (input) {
    input.addEventListener('focus', function () { input.select(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-copy]'), function (button) {
    var input = document.getElementById(button.getAttribute('data-copy'));
    if (!input || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = 'Copied';
      }, function () {
        input.focus();
      });
    });
  });

  Array.prototype.forEach.call(document.querySelectorAll('[data-suggest-tags]'), suggestTags);

  // The comment queue: one box chooses every comment on the page, and
  // shows whether some or all are chosen.
  Array.prototype.forEach.call(document.querySelectorAll('[data-select-all]'), function (all) {
    var name = all.getAttribute('data-select-all');
    var boxes = all.form ? all.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]') : [];
    if (!boxes.length) {
      return;
    }
    all.parentNode.hidden = false;
    all.addEventListener('change', function () {
      Array.prototype.forEach.call(boxes, function (b) { b.checked = all.checked; });
      all.indeterminate = false;
    });
    all.form.addEventListener('change', function (e) {
      if (e.target.name !== name) {
        return;
      }
      var chosen = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      all.checked = chosen === boxes.length;
      all.indeterminate = chosen > 0 && chosen < boxes.length;
    });
  });

  var form = document.getElementById('article-form');
  if (form) {
    editor(form);
  }
  var picker = document.querySelector('[data-picker]');
  if (picker && window.fetch && window.DOMParser) {
    picturePicker(picker);
  }

  // picturePicker searches and pages the whole media library inside the
  // editor: it reads the picture picker's own page (GET /admin/media/pick,
  // which works without script) in the background and offers its pictures
  // as more choices of the editor's form, so that nothing typed is left.
  function picturePicker(panel) {
    var base = panel.getAttribute('data-picker');
    var choices = panel.querySelector('.picture-choices');
    var box = document.createElement('div');
    box.className = 'picker-live';
    box.innerHTML = '<label for="picker-q">Search the library: alt text, caption or file name</label>' +
      '<div class="search-row"><input type="search" id="picker-q" maxlength="100" autocomplete="off">' +
      ' <button type="button" class="picker-go">Search</button></div>' +
      '<p class="picker-status hint" role="status"></p>' +
      '<div class="picture-choices picker-found"></div>' +
      '<div class="pager" hidden><button type="button" data-rel="prev">\u2190 Newer pictures</button>' +
      '<button type="button" data-rel="next">Older pictures \u2192</button></div>';
    choices.parentNode.insertBefore(box, choices.nextSibling);
    var input = box.querySelector('input');
    var status = box.querySelector('.picker-status');
    var found = box.querySelector('.picker-found');
    var pager = box.querySelector('.pager');
    var links = {}, seq = 0, timer;

    function search() {
      clearTimeout(timer);
      load(base + (base.indexOf('?') < 0 ? '?' : '&') + 'q=' + encodeURIComponent(input.value.trim()));
    }
    function load(url) {
      var n = ++seq;
      status.textContent = 'Searching\u2026';
      fetch(url, { credentials: 'same-origin' }).then(function (res) {
        if (!res.ok) {
          throw new Error(String(res.status));
        }
        return res.text();
      }).then(function (text) {
        if (n === seq) {
          show(new DOMParser().parseFromString(text, 'text/html'));
        }
      }).catch(function () {
        if (n === seq) {
          status.textContent = 'The library could not be searched. Please try again.';
        }
      });
    }
    function show(doc) {
      // The chosen picture stays a choice when its page of finds goes.
      var chosen = found.querySelector('input:checked');
      if (chosen) {
        choices.appendChild(chosen.closest('.choice'));
      }
      found.textContent = '';
      var items = doc.querySelectorAll('#picker-results li[data-picture]');
      Array.prototype.forEach.call(items, function (li) { found.appendChild(choice(li)); });
      var problem = doc.getElementById('err-q');
      status.textContent = problem ? problem.textContent :
        items.length === 0 ? 'No picture found.' : items.length + (items.length === 1 ? ' picture' : ' pictures') + ', newest first.';
      ['prev', 'next'].forEach(function (rel) {
        var a = doc.querySelector('.pager a[rel="' + rel + '"]');
        links[rel] = a ? a.getAttribute('href') : '';
        pager.querySelector('[data-rel="' + rel + '"]').hidden = !links[rel];
      });
      pager.hidden = !links.prev && !links.next;
    }
    // choice is a radio button of the editor's form for a picture the
    // picker's page lists, built from its data (text stays text).
    function choice(li) {
      var id = li.getAttribute('data-picture');
      var div = document.createElement('div');
      div.className = 'choice picture-choice';
      var radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = panel.getAttribute('data-name') || 'image_id';
      radio.value = id;
      radio.id = 'found-image-' + id;
      var label = document.createElement('label');
      label.htmlFor = radio.id;
      var img = document.createElement('img');
      img.src = li.getAttribute('data-src');
      img.alt = '';
      img.width = 160;
      img.height = Number(li.getAttribute('data-height')) || 120;
      img.loading = 'lazy';
      var words = document.createElement('span');
      words.textContent = li.getAttribute('data-label');
      var credit = li.getAttribute('data-credit');
      if (credit) {
        var c = document.createElement('span');
        c.className = 'credit';
        c.textContent = credit;
        words.appendChild(document.createTextNode(' '));
        words.appendChild(c);
      }
      label.appendChild(img);
      label.appendChild(words);
      div.appendChild(radio);
      div.appendChild(label);
      return div;
    }

    box.querySelector('.picker-go').addEventListener('click', search);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault(); // searches, and does not save the article
        search();
      }
    });
    // Typing a search changes nothing of the article: the editor's
    // autosave and unsaved-changes warning do not hear it.
    input.addEventListener('input', function (e) {
      e.stopPropagation();
      clearTimeout(timer);
      timer = setTimeout(search, 400);
    });
    input.addEventListener('change', function (e) { e.stopPropagation(); });
    pager.addEventListener('click', function (e) {
      var rel = e.target.getAttribute('data-rel');
      if (rel && links[rel]) {
        load(links[rel]);
      }
    });
  }

  // suggestTags turns a text field into a combobox that proposes existing
  // tags as the writer types. In "list" mode the field holds tags
  // separated by commas and only the last one is completed.
  function suggestTags(input) {
    var listMode = input.getAttribute('data-suggest-tags') === 'list';
    var list = document.createElement('ul');
    list.id = input.id + '-suggestions';
    list.className = 'suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Existing tags');
    list.hidden = true;
    input.insertAdjacentElement('afterend', list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    var items = [], active = -1, timer = 0, seq = 0;

    function term() {
      if (!listMode) {
        return input.value.trim();
      }
      var parts = input.value.split(',');
      return parts[parts.length - 1].trim();
    }
    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, j) {
        li.setAttribute('aria-selected', j === i ? 'true' : 'false');
      });
      if (i >= 0) {
        input.setAttribute('aria-activedescendant', list.children[i].id);
        list.children[i].scrollIntoView({ block: 'nearest' });
      }
    }
    function pick(i) {
      var name = items[i].name;
      if (listMode) {
        var parts = input.value.split(',');
        parts[parts.length - 1] = name;
        input.value = parts.map(function (p) { return p.trim(); }).filter(Boolean).join(', ') + ', ';
      } else {
        input.value = name;
      }
      close();
      input.focus();
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }
    function show() {
      list.textContent = '';
      items.forEach(function (t, i) {
        var li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = t.name;
        li.addEventListener('mousedown', function (e) { e.preventDefault(); });
        li.addEventListener('click', function () { pick(i); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
      active = -1;
    }
    function load() {
      var t = term();
      if (!t) {
        close();
        return;
      }
      var n = ++seq;
      fetch('/admin/tags.json?q=' + encodeURIComponent(t), {
        headers: { 'Accept': 'application/json' }, credentials: 'same-origin'
      }).then(function (res) {
        return res.ok ? res.json() : [];
      }).then(function (found) {
        if (n === seq) {
          items = found || [];
          show();
        }
      }).catch(close);
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden) {
        return;
      }
      switch (e.key) {
        case 'ArrowDown':
          e.preventDefault();
          highlight((active + 1) % items.length);
          break;
        case 'ArrowUp':
          e.preventDefault();
          highlight(active <= 0 ? items.length - 1 : active - 1);
          break;
        case 'Enter':
          if (active >= 0) {
            e.preventDefault();
            pick(active);
          }
          break;
        case 'Escape':
          e.preventDefault();
          close();
          break;
        case 'Tab':
          close();
          break;
      }
    });
    input.addEventListener('blur', close);
  }

  function editor(form) {
    var body = form.elements.body;
    var status = document.getElementById('autosave-status');
    var dirty = false, changed = false, busy = false;

    function say(text) {
      if (status) {
        status.textContent = text;
      }
    }
    function touched() {
      dirty = true;
      changed = true;
    }
    form.addEventListener('input', touched);
    form.addEventListener('change', touched);
    form.addEventListener('submit', function (e) {
      if (e.defaultPrevented) {
        return;
      }
      // The preview opens in a new tab; this page still has its changes.
      if (e.submitter && e.submitter.formTarget === '_blank') {
        return;
      }
      dirty = false;
    });
    window.addEventListener('beforeunload', function (e) {
      if (dirty) {
        e.preventDefault();
        e.returnValue = '';
      }
    });

    // Autosave every ten seconds while something changed.
    setInterval(function () {
      if (!changed || busy) {
        return;
      }
      var id = form.elements.id.value;
      if (!id && !form.elements.title.value.trim() && !body.value.trim()) {
        return;
      }
      busy = true;
      changed = false;
      var fields = new FormData(form);
      fields.delete('image_file'); // a picture is uploaded only on saving
      var data = new URLSearchParams(fields);
      fetch(form.getAttribute('data-autosave'), {
        method: 'POST', body: data, credentials: 'same-origin',
        headers: { 'Accept': 'application/json' }
      }).then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (json) {
          if (!res.ok) {
            changed = res.status !== 409;
            say(json.error || 'Not autosaved. Your text is still here.');
            return;
          }
          if (!id && json.id) {
            form.elements.id.value = json.id;
            form.action = json.url;
            history.replaceState(null, '', json.url);
          }
          form.elements.version.value = json.version;
          say('Autosaved at ' + json.saved_at + '.');
        });
      }).catch(function () {
        changed = true;
        say('Not autosaved: the newsroom cannot be reached. Your text is still here.');
      }).then(function () {
        busy = false;
      });
    }, 10000);

    toolbar(form.querySelector('.toolbar'), body);
    livePreview(form, body);
  }

  // toolbar inserts Markdown around the selection. Arrow keys move along
  // the buttons, so the toolbar is one stop for the Tab key.
  function toolbar(bar, ta) {
    if (!bar) {
      return;
    }
    bar.hidden = false;
    var buttons = Array.prototype.slice.call(bar.querySelectorAll('button'));
    buttons.forEach(function (b, i) {
      b.tabIndex = i === 0 ? 0 : -1;
      b.addEventListener('click', function () { apply(b.getAttribute('data-md')); });
    });
    bar.addEventListener('keydown', function (e) {
      var i = buttons.indexOf(document.activeElement);
      var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: buttons.length - 1 }[e.key];
      if (i < 0 || next === undefined) {
        return;
      }
      e.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[i].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
    ta.addEventListener('keydown', function (e) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) {
        return;
      }
      var kind = { b: 'bold', i: 'italic', k: 'link' }[e.key.toLowerCase()];
      if (kind) {
        e.preventDefault();
        apply(kind);
      }
    });

    function replace(start, end, text, selStart, selEnd) {
      ta.focus();
      ta.setSelectionRange(start, end);
      // execCommand keeps the browser's undo history where it works.
      if (!document.execCommand || !document.execCommand('insertText', false, text)) {
        ta.setRangeText(text, start, end, 'end');
        ta.dispatchEvent(new Event('input', { bubbles: true }));
      }
      ta.setSelectionRange(selStart, selEnd);
    }
    function wrap(before, after, placeholder) {
      var s = ta.selectionStart, e = ta.selectionEnd;
      var inner = ta.value.slice(s, e) || placeholder;
      replace(s, e, before + inner + after, s + before.length, s + before.length + inner.length);
    }
    function link(prefix, placeholder) {
      var s = ta.selectionStart, e = ta.selectionEnd;
      var text = ta.value.slice(s, e) || placeholder;
      var url = 'https://';
      var out = prefix + '[' + text + '](' + url + ')';
      var at = s + prefix.length + text.length + 3;
      replace(s, e, out, at, at + url.length);
    }
    function lines(prefix) {
      var v = ta.value;
      var s = v.lastIndexOf('\n', ta.selectionStart - 1) + 1;
      var e = ta.selectionEnd;
      var block = v.slice(s, e);
      var out = block.split('\n').map(function (l) { return prefix + l; }).join('\n');
      replace(s, e, out, s + prefix.length, s + out.length);
    }
    function apply(kind) {
      switch (kind) {
        case 'bold': wrap('**', '**', 'bold text'); break;
        case 'italic': wrap('_', '_', 'italic text'); break;
        case 'link': link('', 'link text'); break;
        case 'image': link('!', 'Describe the picture'); break;
        case 'heading': lines('## '); break;
        case 'quote': lines('> '); break;
        case 'list': lines('- '); break;
      }
    }
  }

  // livePreview shows the story as the site will render it, a moment
  // after the writer stops typing.
  function livePreview(form, ta) {
    var pane = form.querySelector('.preview-pane');
    var out = document.getElementById('preview');
    var url = form.getAttribute('data-preview');
    if (!pane || !out || !url) {
      return;
    }
    pane.hidden = false;
    var timer = 0, seq = 0;
    function refresh() {
      var n = ++seq;
      var data = new URLSearchParams();
      data.set('body', ta.value);
      data.set('format', form.elements.format.value);
      fetch(url, { method: 'POST', body: data, credentials: 'same-origin' }).then(function (res) {
        // 422 is a story the renderer refused; its answer says why.
        return res.ok || res.status === 422 ? res.text() : null;
      }).then(function (html) {
        // The server sanitises what it renders, as for the public page,
        // and escapes a refusal's words.
        if (html !== null && n === seq) {
          out.innerHTML = html;
        }
      }).catch(function () {});
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 500);
    }
    ta.addEventListener('input', later);
    form.elements.format.addEventListener('change', later);
    refresh();
  }
})();
