// Seed 000's authorization prompt (issue #6). While this page is open the user is online: the event stream
// brings every prompt to show now ("prompts", a full list each time) and the page shows exactly those.
// Everything is built with DOM calls and textContent: app names and scopes are never parsed as HTML.
(function () {
  'use strict';
  var box = document.getElementById('prompts');
  if (!box || !window.EventSource) {
    return;
  }
  var csrf = box.getAttribute('data-csrf');
  var shown = {};

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text !== undefined && text !== null) {
      el.textContent = text;
    }
    return el;
  }

  function hidden(name, value) {
    return element('input', { type: 'hidden', name: name, value: value });
  }

  function remove(id) {
    if (shown[id]) {
      clearTimeout(shown[id].timer);
      shown[id].el.remove();
      delete shown[id];
    }
  }

  function render(prompt) {
    var titleId = 'prompt-title-' + prompt.id;
    var el = element('section', { 'class': 'prompt', role: 'alertdialog', 'aria-labelledby': titleId, 'data-request-id': prompt.id });
    var head = element('div', { 'class': 'prompt-head' });
    if (prompt.logo) {
      head.appendChild(element('img', { src: prompt.logo, alt: '', width: '40', height: '40', referrerpolicy: 'no-referrer' }));
    }
    head.appendChild(element('h2', { id: titleId }, prompt.title));
    el.appendChild(head);
    el.appendChild(element('p', {}, prompt.intro));
    var scopes = element('ul', { 'class': 'scopes' });
    prompt.scopes.forEach(function (scope) { scopes.appendChild(element('li', {}, scope)); });
    el.appendChild(scopes);
    el.appendChild(element('p', { 'class': 'redirect' }, prompt.redirect));
    var form = element('form', { method: 'post', action: prompt.action });
    form.appendChild(hidden('csrf', csrf));
    form.appendChild(hidden('return_to', window.location.pathname));
    form.appendChild(element('button', { type: 'submit', name: 'decision', value: 'allow', 'class': 'allow' }, prompt.allow));
    form.appendChild(element('button', { type: 'submit', name: 'decision', value: 'deny', 'class': 'deny' }, prompt.deny));
    el.appendChild(form);
    return el;
  }

  function show(snapshot) {
    var wanted = {};
    snapshot.prompts.forEach(function (prompt) { wanted[prompt.id] = prompt; });
    Object.keys(shown).forEach(function (id) {
      if (!wanted[id]) {
        remove(id);
      }
    });
    snapshot.prompts.forEach(function (prompt) {
      if (shown[prompt.id]) {
        return;
      }
      var el = render(prompt);
      box.appendChild(el);
      // The server expires it too; this only spares a click on a stale prompt when the stream is slow.
      var lifetime = Math.max(1, Number(prompt.expires_in) || 120);
      shown[prompt.id] = { el: el, timer: setTimeout(function () { remove(prompt.id); }, lifetime * 1000) };
    });
  }

  // An EventSource reconnects by itself when a stream ends (after the server's retry hint when a pod stops); it gives
  // up only on an answer other than a stream (a proxy's 502/503 mid-rollout, a 401 after sign-out), so then a new one
  // is opened later, backing off (issue #16, 6).
  var reopenDelay = 5000;
  function open() {
    var source = new EventSource('/me/events');
    source.addEventListener('prompts', function (event) {
      // The first snapshot comes once the server counts this page: from then on the user is online.
      box.setAttribute('data-stream', 'open');
      reopenDelay = 5000;
      show(JSON.parse(event.data));
    });
    source.addEventListener('error', function () {
      box.setAttribute('data-stream', 'reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(open, reopenDelay);
        reopenDelay = Math.min(reopenDelay * 2, 120000);
      }
    });
  }
  open();
})();
