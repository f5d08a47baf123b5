/*
 * webchat-auth chat widget. Embed:
 *   <script src="https://HOST/webchat/js/widget.js"></script>
 *   <script>window.fdWidget.init({ host, token, widgetId, jwtAuthToken });</script>
 * Plain browser JavaScript (no build step). Everything renders in a Shadow DOM, so the page's CSS
 * cannot reach it and its CSS cannot reach the page. The JWT is sent to the chat service only:
 * it is never shown, stored or logged.
 */
(function () {
  'use strict';

  if (window.fdWidget && window.fdWidget.__webchatAuth) return;

  var script = document.currentScript;
  var scriptOrigin = '';
  try {
    if (script && script.src) scriptOrigin = new URL(script.src).origin;
  } catch {
    scriptOrigin = '';
  }

  var config = { host: '', token: '', widgetId: '', jwtAuthToken: '' };
  var ui = null;
  var chat = { started: false, pending: false, sessionId: null, sessionSecret: null };

  var CSS =
    ':host{all:initial}' +
    '*{box-sizing:border-box}' +
    '.root{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;-webkit-font-smoothing:antialiased}' +
    'button,textarea{font:inherit;color:inherit}' +
    ':focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}' +
    '.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:inline-flex;align-items:center;gap:8px;' +
    'padding:12px 20px;border:0;border-radius:999px;background:#1d4ed8;color:#fff;font-weight:600;cursor:pointer;' +
    'box-shadow:0 4px 14px rgba(15,23,42,.25)}' +
    '.launcher:hover{background:#1e40af}' +
    '.launcher:focus-visible{outline-color:#0f172a;outline-offset:3px}' +
    '.launcher svg{width:20px;height:20px;flex:none}' +
    '.panel{position:fixed;right:20px;bottom:84px;z-index:2147483000;width:360px;max-width:calc(100vw - 24px);' +
    'height:480px;max-height:calc(100vh - 108px);display:flex;flex-direction:column;background:#fff;' +
    'border:1px solid #d0d7de;border-radius:12px;box-shadow:0 12px 32px rgba(15,23,42,.22);overflow:hidden}' +
    '.panel[hidden]{display:none}' +
    '.head{display:flex;align-items:center;justify-content:space-between;padding:12px 12px 12px 16px;background:#1d4ed8;color:#fff}' +
    '.head h2{margin:0;font-size:16px;font-weight:600}' +
    '.close{border:0;background:transparent;color:#fff;width:32px;height:32px;border-radius:6px;font-size:22px;line-height:1;cursor:pointer}' +
    '.close:hover{background:rgba(255,255,255,.15)}' +
    '.close:focus-visible{outline-color:#fff;outline-offset:-3px}' +
    '.log{flex:1;overflow-y:auto;padding:16px;display:flex;flex-direction:column;gap:10px;background:#f6f8fa}' +
    '.intro{margin:0;color:#4b5563}' +
    '.bubble{align-self:flex-end;max-width:85%;margin:0;padding:8px 12px;border-radius:14px 14px 4px 14px;background:#1d4ed8;color:#fff;' +
    'white-space:pre-wrap;overflow-wrap:anywhere}' +
    '.meta{align-self:flex-end;margin:-6px 2px 0;font-size:12px;color:#4b5563;text-align:right}' +
    '.status{margin:0;color:#065f46;font-weight:600}' +
    '.alert:empty{display:none}' +
    '.alert{margin:0 16px 0;padding:8px 12px;border-radius:8px;background:#fef2f2;border:1px solid #fca5a5;color:#991b1b}' +
    '.form{display:flex;flex-direction:column;gap:6px;padding:12px 16px 16px;border-top:1px solid #e5e7eb;background:#fff}' +
    '.form label{font-weight:600;font-size:14px}' +
    '.row{display:flex;gap:8px;align-items:flex-end}' +
    'textarea{flex:1;min-height:44px;max-height:120px;resize:vertical;padding:10px;border:1px solid #8c959f;border-radius:8px;' +
    'font-size:16px;background:#fff}' +
    'textarea:focus-visible{outline-offset:0;border-color:#1d4ed8}' +
    '.send{padding:10px 18px;border:0;border-radius:8px;background:#1d4ed8;color:#fff;font-weight:600;cursor:pointer}' +
    '.send:hover{background:#1e40af}' +
    '.send:disabled{background:#6b7280;cursor:progress}' +
    '@media (max-width:480px){.launcher{right:12px;bottom:12px}.panel{right:12px;bottom:72px;height:calc(100vh - 96px)}}';

  var ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" ' +
    'd="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function render() {
    if (ui) return;
    var hostEl = document.createElement('fd-webchat');
    hostEl.setAttribute('style', 'all:initial !important;display:block !important;position:static !important');
    var shadow = hostEl.attachShadow({ mode: 'open' });
    var style = el('style');
    style.textContent = CSS;
    var root = el('div', { class: 'root' });

    var launcher = el('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'fd-panel' });
    launcher.innerHTML = ICON;
    launcher.appendChild(el('span', {}, 'Chat'));

    var panel = el('div', { id: 'fd-panel', class: 'panel', role: 'dialog', 'aria-label': 'Chat with us' });
    panel.hidden = true;
    var head = el('div', { class: 'head' });
    head.appendChild(el('h2', {}, 'Chat with us'));
    var close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '\u00d7');
    head.appendChild(close);

    var log = el('div', { class: 'log' });
    log.appendChild(el('p', { class: 'intro' }, 'Hi! Send us a message and an agent will reply here.'));
    var status = el('p', { class: 'status', role: 'status' });
    log.appendChild(status);
    var alert = el('p', { class: 'alert', role: 'alert' });

    var form = el('form', { class: 'form' });
    var label = el('label', { for: 'fd-message' }, 'Message');
    var row = el('div', { class: 'row' });
    var input = el('textarea', { id: 'fd-message', rows: '2', maxlength: '5000', autocomplete: 'off' });
    var send = el('button', { type: 'submit', class: 'send' }, 'Send');
    row.appendChild(input);
    row.appendChild(send);
    form.appendChild(label);
    form.appendChild(row);

    panel.appendChild(head);
    panel.appendChild(log);
    panel.appendChild(alert);
    panel.appendChild(form);
    root.appendChild(launcher);
    root.appendChild(panel);
    shadow.appendChild(style);
    shadow.appendChild(root);
    document.body.appendChild(hostEl);

    ui = { launcher: launcher, panel: panel, log: log, status: status, alert: alert, input: input, send: send };

    launcher.addEventListener('click', function () {
      setOpen(panel.hidden);
    });
    close.addEventListener('click', function () {
      setOpen(false);
    });
    root.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && !panel.hidden) {
        event.stopPropagation();
        setOpen(false);
      }
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submit();
      }
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submit();
    });
  }

  function setOpen(open) {
    ui.panel.hidden = !open;
    ui.launcher.setAttribute('aria-expanded', String(open));
    if (open) ui.input.focus();
    else ui.launcher.focus();
  }

  /** The first bubble goes above the status line (it opened the chat); later ones below it. */
  function addBubble(text, meta, beforeStatus) {
    var at = beforeStatus ? ui.status : null;
    ui.log.insertBefore(el('p', { class: 'bubble' }, text), at);
    ui.log.insertBefore(el('p', { class: 'meta' }, meta), at);
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function showError(text) {
    ui.alert.textContent = text;
  }

  function submit() {
    if (chat.pending) return;
    var message = ui.input.value.trim();
    showError('');
    if (!message) {
      showError('Type a message first.');
      ui.input.focus();
      return;
    }
    if (chat.started) {
      // This widget version delivers only the first message, which opens the chat.
      addBubble(message, 'Not sent \u2014 only your first message reaches the agent', false);
      ui.input.value = '';
      return;
    }
    if (!config.host || !config.token || !config.widgetId) {
      showError('This chat widget is not set up correctly.');
      console.warn('fdWidget: init needs host, token and widgetId');
      return;
    }
    var body = { widgetId: config.widgetId, widgetToken: config.token, message: message };
    if (config.jwtAuthToken) body.jwtAuthToken = config.jwtAuthToken;

    setPending(true);
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) controller.abort();
    }, 20000);
    fetch(config.host + '/webchat/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      signal: controller ? controller.signal : undefined,
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            handleAnswer(res, data, message);
          });
      })
      .catch(function () {
        showError('Could not reach the chat service. Check your connection and try again.');
      })
      .then(function () {
        clearTimeout(timer);
        setPending(false);
      });
  }

  function setPending(pending) {
    chat.pending = pending;
    ui.send.disabled = pending;
    ui.panel.setAttribute('aria-busy', String(pending));
  }

  function handleAnswer(res, data, message) {
    var error = (data && data.error) || {};
    if (res.status === 201 && data && data.sessionId) {
      chat.started = true;
      chat.sessionId = data.sessionId;
      chat.sessionSecret = data.sessionSecret;
      ui.input.value = '';
      addBubble(message, 'Sent', true);
      ui.status.textContent = 'Chat started \u2014 an agent will reply here.';
      return;
    }
    if (res.status === 401) {
      showError('This chat could not start: ' + (error.message || 'your sign-in could not be verified.'));
      window.dispatchEvent(new CustomEvent('fdwidget:refused', { detail: { code: error.code || null } }));
      return;
    }
    if (res.status === 404) {
      showError('This chat widget is not set up correctly.');
      console.warn('fdWidget: the chat service does not know this widget id and token');
      return;
    }
    if (res.status === 429) {
      var seconds = Number(res.headers.get('retry-after'));
      if (!(seconds > 0)) {
        var found = /(\d+)\s*s\b/.exec(error.message || '');
        seconds = found ? Number(found[1]) : 0;
      }
      showError(seconds > 0 ? 'Too many chats; try again in ' + seconds + ' seconds.' : 'Too many chats; try again in a minute.');
      return;
    }
    if (res.status === 400 && error.message) {
      showError('This chat could not start: ' + error.message);
      return;
    }
    showError('Could not reach the chat service. Try again in a moment.');
  }

  function init(options) {
    var o = options || {};
    config.host = String(o.host || scriptOrigin).replace(/\/+$/, '');
    config.token = o.token ? String(o.token) : '';
    config.widgetId = o.widgetId ? String(o.widgetId) : '';
    config.jwtAuthToken = o.jwtAuthToken ? String(o.jwtAuthToken) : '';
    if (document.body) render();
    else document.addEventListener('DOMContentLoaded', render, { once: true });
  }

  window.fdWidget = {
    __webchatAuth: true,
    init: init,
    /** For apps that refresh their token: used by the next chat start. */
    setJwtAuthToken: function (token) {
      config.jwtAuthToken = token ? String(token) : '';
    },
  };
})();
