/*
 * webchat-auth chat widget. Embed:
 *   <script src="https://HOST/webchat/js/widget.js"></script>
 *   <script>window.fdWidget.init({ host, token, widgetId, jwtAuthToken, onAuthTokenExpiring });</script>
 * Plain browser JavaScript (no build step). Everything renders in a Shadow DOM, so the page's CSS
 * cannot reach it and its CSS cannot reach the page. The JWT is sent to the chat service only:
 * it is never shown, stored or logged.
 *
 * The conversation (docs/decisions/0009-widget-session.md): the first Send starts the session,
 * later ones add messages, replies arrive by long polling. The session's id and secret are kept in
 * localStorage per widget, so a reload resumes it, but only for the person the page's token
 * names: anyone else gets an empty widget. logout() ends it in every tab of the site.
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

  var REQUEST_TIMEOUT_MS = 20000;
  var END_TIMEOUT_MS = 5000;
  /** The server holds a poll at most 25 s (shared/schemas/conversation.ts). */
  var POLL_WAIT_SECONDS = 25;
  var POLL_TIMEOUT_MS = (POLL_WAIT_SECONDS + 15) * 1000;
  var POLL_MAX_BACKOFF_MS = 30000;
  /** A poll that answers sooner than this with nothing new waits before the next one, so a quick answer never spins. */
  var POLL_MIN_INTERVAL_MS = 1000;
  var RENEWAL_LEAD_MS = 60000;
  var RENEWAL_TIMEOUT_MS = 10000;
  var RENEWAL_RETRY_MS = 15000;
  /** A token this close to its exp is renewed before a message goes with it. */
  var RENEW_BEFORE_SEND_MS = 5000;
  /** setTimeout fires at once for delays over 2^31 - 1 ms. */
  var MAX_TIMER_MS = 2147483647;

  var TEXT = {
    intro: 'Hi! Send us a message and an agent will reply here.',
    started: 'Chat started \u2014 an agent will reply here.',
    revoked: 'You were signed out. Start a new chat to continue.',
    sending: 'Sending\u2026',
    sent: 'Sent',
    sentUnverified: 'Sent \u00b7 not verified',
    empty: 'Type a message first.',
    misconfigured: 'This chat widget is not set up correctly.',
    offline: 'Could not reach the chat service. Check your connection and try again.',
    unavailable: 'Could not reach the chat service. Try again in a moment.',
    signInToChat: 'Please sign in to chat with us. This chat is only for signed-in customers.',
    signInToContinue: 'Please sign in to keep chatting. This chat is only for signed-in customers.',
    expiredAtStart: 'Your sign-in has expired. Sign in again to start a chat.',
    expired: 'Your sign-in has expired. Sign in again to send this message.',
    unconfirmedAtStart: "We couldn't confirm your sign-in, so this chat can't start. Try signing in again.",
    unconfirmed: "We couldn't confirm your sign-in, so this message wasn't sent. Try signing in again.",
    ended: 'This chat has ended. Send your message again to start a new chat.',
    invalid: "This message can't be sent. Shorten it or remove unusual characters, then try again.",
  };

  var config = { host: '', token: '', widgetId: '', jwtAuthToken: '', onAuthTokenExpiring: null };
  var initialised = false;
  var ui = null;
  var channel = null;

  /**
   * The open conversation, or null before the first message and after it ends:
   * {id, secret, identity, authenticated, lastSeq, seen: {seq: item}, pollTimer, pollController}.
   * `identity` is the person the session's token claims (read here, unverified), to notice a token
   * for someone else; `authenticated` is what the server said.
   */
  var session = null;
  /** The id of the session last dropped, so a late word about it from another tab still lands. */
  var droppedSessionId = null;
  /** Bumped whenever the widget forgets a conversation: answers to requests made before are ignored. */
  var epoch = 0;
  /** The token came from setAuthToken or a renewal and has not gone to the server yet. */
  var tokenFresh = false;
  var renewal = { timer: null, inFlight: null };
  /** Messages typed and not yet confirmed, oldest first: {text, item}. Sent one at a time. */
  var outbox = [];
  var sending = false;
  /** Work that must not overlap a send in flight (a user switch): run once it has answered. */
  var afterSend = [];
  var resuming = null;

  var CSS =
    ':host{all:initial}' +
    '*{box-sizing:border-box}' +
    '.root{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2933;-webkit-font-smoothing:antialiased}' +
    'button,textarea{font:inherit;color:inherit}' +
    ':focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}' +
    '.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}' +
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
    '.messages{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:10px}' +
    '.messages:empty{display:none}' +
    '.msg{display:flex;flex-direction:column;align-items:flex-end;gap:2px}' +
    '.msg.agent{align-items:flex-start}' +
    '.who{margin:0 2px;font-size:12px;font-weight:600;color:#374151}' +
    '.bubble{max-width:85%;margin:0;padding:8px 12px;border-radius:14px 14px 4px 14px;background:#1d4ed8;color:#fff;' +
    'white-space:pre-wrap;overflow-wrap:anywhere}' +
    '.agent .bubble{border-radius:14px 14px 14px 4px;background:#fff;color:#1f2933;border:1px solid #d0d7de}' +
    '.meta{margin:0 2px;font-size:12px;color:#4b5563;text-align:right}' +
    '.status{margin:0;color:#065f46;font-weight:600}' +
    '.status:empty{display:none}' +
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
    '@media (max-width:480px){.launcher{right:12px;bottom:12px}.panel{right:12px;bottom:72px;height:calc(100vh - 96px)}}';

  var ICON =
    '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" ' +
    'd="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';

  // ---- The panel ---------------------------------------------------------------------------

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
    log.appendChild(el('p', { class: 'intro' }, TEXT.intro));
    var list = el('ol', { class: 'messages', 'aria-label': 'Conversation' });
    var status = el('p', { class: 'status', role: 'status' });
    // Replies are announced here, once each; the visitor's own messages are not read back to them.
    var live = el('div', { class: 'sr-only', 'aria-live': 'polite' });
    log.appendChild(list);
    log.appendChild(status);
    log.appendChild(live);
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

    ui = { launcher: launcher, panel: panel, log: log, list: list, status: status, live: live, alert: alert, input: input };

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

  function messageItem(author, name, text, meta) {
    var item = el('li', { class: 'msg ' + author });
    if (author === 'agent') item.appendChild(el('p', { class: 'who' }, name || 'Agent'));
    else item.appendChild(el('p', { class: 'sr-only' }, 'You'));
    item.appendChild(el('p', { class: 'bubble' }, text));
    if (meta) item.appendChild(el('p', { class: 'meta' }, meta));
    return item;
  }

  function setMeta(item, text) {
    var meta = item.querySelector('.meta');
    if (meta) meta.textContent = text;
  }

  function appendItem(item) {
    ui.list.appendChild(item);
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function announce(text) {
    ui.live.appendChild(el('p', {}, text));
    while (ui.live.childNodes.length > 3) ui.live.removeChild(ui.live.firstChild);
  }

  function showError(text) {
    ui.alert.textContent = text;
  }

  function sentLabel(authenticated) {
    return authenticated === false && session && session.authenticated ? TEXT.sentUnverified : TEXT.sent;
  }

  /** Nothing of the conversation stays on screen; messages still waiting to go stay in view. */
  function clearScreen() {
    if (!ui) return;
    ui.list.textContent = '';
    ui.live.textContent = '';
    ui.status.textContent = '';
    showError('');
    outbox.forEach(function (entry) {
      ui.list.appendChild(entry.item);
    });
  }

  /** Puts every unsent message back in the box, oldest first, so nothing typed is lost. */
  function restoreOutbox() {
    var texts = outbox.map(function (entry) {
      if (entry.item.parentNode) entry.item.parentNode.removeChild(entry.item);
      return entry.text;
    });
    outbox = [];
    if (!ui || texts.length === 0) return;
    var typed = ui.input.value.trim();
    ui.input.value = texts.concat(typed ? [typed] : []).join('\n\n');
  }

  function dropOutbox() {
    outbox.forEach(function (entry) {
      if (entry.item.parentNode) entry.item.parentNode.removeChild(entry.item);
    });
    outbox = [];
  }

  // ---- The token (read only to time renewals and tell people apart; the server verifies it) --

  function tokenPayload(token) {
    var part = String(token || '').split('.')[1];
    if (!part) return null;
    try {
      var base64 = part.replace(/-/g, '+').replace(/_/g, '/');
      while (base64.length % 4) base64 += '=';
      var bytes = Uint8Array.from(atob(base64), function (c) {
        return c.charCodeAt(0);
      });
      var payload = JSON.parse(new TextDecoder().decode(bytes));
      return payload && typeof payload === 'object' ? payload : null;
    } catch {
      // Not a JWT we can read: the server will say what is wrong with it.
      return null;
    }
  }

  /** The person a token names, as the server compares them: the email case-insensitively, or the external id. */
  function identityOf(token) {
    var payload = tokenPayload(token);
    if (!payload) return null;
    if (typeof payload.email === 'string' && payload.email) return 'email:' + payload.email.trim().toLowerCase();
    if (typeof payload.unique_external_id === 'string' && payload.unique_external_id) return 'external:' + payload.unique_external_id;
    return null;
  }

  function expiryOf(token) {
    var payload = tokenPayload(token);
    return payload && typeof payload.exp === 'number' && isFinite(payload.exp) ? payload.exp * 1000 : null;
  }

  /** A new token from the site (setAuthToken, init again, or a renewal). */
  function applyToken(token) {
    config.jwtAuthToken = token ? String(token) : '';
    tokenFresh = Boolean(config.jwtAuthToken);
    scheduleRenewal();
    whenIdle(switchIfSomeoneElse);
    whenIdle(pushToken);
  }

  /**
   * Hands a fresh token for the open chat's person to the server at once (resume renews the
   * session's expiry), so replies keep coming while the visitor types nothing: on an enforced
   * widget the server stops showing the conversation once the session's token has run out.
   */
  function pushToken() {
    var s = session;
    var token = config.jwtAuthToken;
    if (!s || !token || !tokenFresh || identityOf(token) !== s.identity) return Promise.resolve();
    return post(sessionPath(s.id, 'resume'), { sessionSecret: s.secret, jwtAuthToken: token }).then(
      function (answer) {
        if (answer.status === 200 && config.jwtAuthToken === token) tokenFresh = false;
      },
      function () {
        // Unreachable for now: the token goes with the next message instead.
      },
    );
  }

  function forgetToken() {
    config.jwtAuthToken = '';
    tokenFresh = false;
    clearTimeout(renewal.timer);
    renewal.timer = null;
  }

  /** ~60 s before exp, or at half the remaining lifetime when that is sooner; a token already expired waits for the next Send. */
  function scheduleRenewal() {
    clearTimeout(renewal.timer);
    renewal.timer = null;
    if (typeof config.onAuthTokenExpiring !== 'function') return;
    var exp = expiryOf(config.jwtAuthToken);
    if (exp === null) return;
    var remaining = exp - Date.now();
    if (remaining <= 0) return;
    var lead = Math.min(RENEWAL_LEAD_MS, remaining / 2);
    renewal.timer = setTimeout(renew, Math.min(remaining - lead, MAX_TIMER_MS));
  }

  /** Asks the site for a fresh token; settles within ~10 s whatever the site does, never rejects. */
  function renew() {
    if (renewal.inFlight) return renewal.inFlight;
    clearTimeout(renewal.timer);
    renewal.timer = null;
    var callback = config.onAuthTokenExpiring;
    if (typeof callback !== 'function') return Promise.resolve();
    var before = config.jwtAuthToken;
    var settled = false;
    var asked = new Promise(function (resolve) {
      resolve(callback());
    });
    var timedOut = new Promise(function (resolve) {
      setTimeout(resolve, RENEWAL_TIMEOUT_MS);
    });
    function take(token) {
      // A token the site hands back late is still a fresh one, unless another came meanwhile.
      if (config.jwtAuthToken !== before) return true;
      if (typeof token !== 'string' || !token || token === before) return false;
      applyToken(token);
      return true;
    }
    asked.then(
      function (token) {
        if (settled) take(token);
      },
      function () {
        // Reported once below, when the race settles with it.
      },
    );
    renewal.inFlight = Promise.race([asked, timedOut])
      .then(
        function (token) {
          settled = true;
          if (!take(token)) renewalFailed(before, 'onAuthTokenExpiring gave no new token (a string) within ' + RENEWAL_TIMEOUT_MS / 1000 + ' s');
        },
        function (error) {
          settled = true;
          renewalFailed(before, 'onAuthTokenExpiring failed: ' + (error && error.message ? error.message : String(error)));
        },
      )
      .then(function () {
        renewal.inFlight = null;
      });
    return renewal.inFlight;
  }

  function renewalFailed(token, why) {
    console.warn('fdWidget: ' + why);
    if (config.jwtAuthToken !== token) return;
    var exp = expiryOf(token);
    if (exp !== null && exp - Date.now() > RENEWAL_RETRY_MS + RENEWAL_TIMEOUT_MS) {
      renewal.timer = setTimeout(renew, RENEWAL_RETRY_MS);
    }
  }

  function tokenRunsOut() {
    var exp = expiryOf(config.jwtAuthToken);
    return typeof config.onAuthTokenExpiring === 'function' && exp !== null && exp - Date.now() < RENEW_BEFORE_SEND_MS;
  }

  // ---- The chat service ----------------------------------------------------------------------

  /** POSTs JSON; resolves {status, data, headers}, rejects when the service cannot be reached in time. */
  function post(path, body, options) {
    var o = options || {};
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, o.timeoutMs || REQUEST_TIMEOUT_MS);
    if (o.onController) o.onController(controller);
    return fetch(config.host + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      keepalive: Boolean(o.keepalive),
      signal: controller.signal,
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            return { status: res.status, data: data, headers: res.headers };
          });
      })
      .then(
        function (answer) {
          clearTimeout(timer);
          return answer;
        },
        function (error) {
          clearTimeout(timer);
          throw error;
        },
      );
  }

  function sessionPath(id, action) {
    return '/webchat/v1/sessions/' + encodeURIComponent(id) + '/' + action;
  }

  function errorCode(answer) {
    return answer.data && answer.data.error && typeof answer.data.error.code === 'string' ? answer.data.error.code : null;
  }

  function refusedEvent(code) {
    window.dispatchEvent(new CustomEvent('fdwidget:refused', { detail: { code: code } }));
    // The code only: the server's message names keys and policy values, for the console's eyes.
    console.warn('fdWidget: refused with ' + code + '; the console\u2019s Recent failures says why');
  }

  function retryAfterSeconds(answer) {
    var seconds = Number(answer.headers.get('retry-after'));
    return seconds > 0 ? Math.ceil(seconds) : 0;
  }

  /** Ends a session on the server; settles either way (a sign-out must not hang on the chat). */
  function endOnServer(s) {
    if (!config.host) return Promise.resolve();
    return post(sessionPath(s.id, 'end'), { sessionSecret: s.secret }, { keepalive: true, timeoutMs: END_TIMEOUT_MS }).then(
      function (answer) {
        if (answer.status !== 204 && answer.status !== 401) console.warn('fdWidget: ending the chat answered ' + answer.status);
      },
      function () {
        console.warn('fdWidget: could not reach the chat service to end the chat');
      },
    );
  }

  // ---- The stored session and the other tabs -------------------------------------------------

  function storageKey() {
    return 'fdWidget:session:' + config.widgetId;
  }

  /** Written and removed at once: the `storage` event tells tabs without BroadcastChannel about a logout. */
  function logoutKey() {
    return 'fdWidget:logout:' + config.widgetId;
  }

  function parseStored(raw) {
    try {
      var value = raw ? JSON.parse(raw) : null;
      if (value && typeof value.sessionId === 'string' && typeof value.sessionSecret === 'string') {
        return { id: value.sessionId, secret: value.sessionSecret };
      }
    } catch {
      // Not ours, or damaged: as good as none.
    }
    return null;
  }

  function readStored() {
    try {
      return parseStored(window.localStorage.getItem(storageKey()));
    } catch {
      // No storage here (an opaque origin, a blocked site): the chat lives as long as the page.
      return null;
    }
  }

  function store(s) {
    try {
      window.localStorage.setItem(storageKey(), JSON.stringify({ sessionId: s.id, sessionSecret: s.secret }));
    } catch {
      // Storage full or blocked: the chat still works, it just does not survive a reload.
    }
  }

  function forgetStored(id) {
    try {
      var stored = readStored();
      if (stored && (id === undefined || stored.id === id)) window.localStorage.removeItem(storageKey());
    } catch {
      // No storage: nothing was kept.
    }
  }

  function tellOtherTabs(message) {
    if (channel) {
      channel.postMessage(message);
      return;
    }
    if (message.type !== 'logout') return;
    try {
      window.localStorage.setItem(logoutKey(), String(Date.now()));
      window.localStorage.removeItem(logoutKey());
    } catch {
      // No storage either: other tabs learn of it from their next poll (the session has ended).
    }
  }

  function listenToOtherTabs() {
    try {
      channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('fdWidget:' + config.widgetId) : null;
    } catch {
      channel = null;
    }
    if (channel) {
      channel.onmessage = function (event) {
        var message = event.data || {};
        if (message.type === 'logout') loggedOutElsewhere();
        else if (message.type === 'revoked') revokedElsewhere(message.sessionId);
      };
    }
    window.addEventListener('storage', function (event) {
      if (event.key === logoutKey()) {
        if (event.newValue) loggedOutElsewhere();
        return;
      }
      if (event.key !== null && event.key !== storageKey()) return;
      var stored = readStored();
      if (session && !stored) {
        var gone = event.key === null ? session.id : (parseStored(event.oldValue) || {}).id;
        if (gone === session.id) dropSession();
        return;
      }
      // Another tab opened a chat: show it here too, if this page's token is that person's.
      if (!session && stored && !resuming && outbox.length === 0 && !sending) resume(stored, 'other-tab');
    });
  }

  // ---- The conversation ----------------------------------------------------------------------

  function openSession(id, secret, identity, authenticated) {
    session = { id: id, secret: secret, identity: identity, authenticated: authenticated, lastSeq: 0, seen: {}, pollTimer: null, pollController: null };
    return session;
  }

  /** Forgets the conversation here: stops polling, clears the screen. The stored copy is the caller's to forget. */
  function dropSession() {
    epoch += 1;
    var s = session;
    session = null;
    if (s) {
      droppedSessionId = s.id;
      clearTimeout(s.pollTimer);
      if (s.pollController) s.pollController.abort();
    }
    clearScreen();
    return s;
  }

  /** A message of the conversation, from a poll or a resume; each seq shows once. */
  function showMessage(m) {
    if (!session || session.seen[m.seq]) return;
    if (m.author === 'visitor') {
      // The poll can bring a message before its own send has answered: it is that bubble.
      var inFlight = outbox[0];
      if (inFlight && inFlight.inFlight && inFlight.seq === undefined && inFlight.text === m.text) {
        inFlight.seq = m.seq;
        session.seen[m.seq] = inFlight.item;
        setMeta(inFlight.item, sentLabel(m.authenticated));
        return;
      }
      session.seen[m.seq] = messageItem('visitor', null, m.text, sentLabel(m.authenticated));
      appendItem(session.seen[m.seq]);
      return;
    }
    var item = messageItem('agent', m.authorName, m.text, null);
    session.seen[m.seq] = item;
    appendItem(item);
    announce((m.authorName || 'Agent') + ': ' + m.text);
  }

  function applyUpdates(data) {
    var messages = Array.isArray(data.messages) ? data.messages.slice() : [];
    messages.sort(function (a, b) {
      return a.seq - b.seq;
    });
    messages.forEach(function (m) {
      if (!session) return;
      showMessage(m);
      if (m.seq > session.lastSeq) session.lastSeq = m.seq;
    });
    if (session && data.state === 'ended') sessionEnded(data.endedReason);
  }

  /** The server ended the session: an admin signed the person out, or a tab (this site's sign-out) ended it. */
  function sessionEnded(reason) {
    var s = session;
    if (!s) return;
    if (reason === 'revoked') {
      tellOtherTabs({ type: 'revoked', sessionId: s.id });
      showRevoked();
      forgetStored(s.id);
      return;
    }
    forgetStored(s.id);
    loggedOutElsewhere();
  }

  function showRevoked() {
    dropSession();
    restoreOutbox();
    ui.status.textContent = TEXT.revoked;
  }

  function revokedElsewhere(sessionId) {
    if (session && session.id === sessionId) showRevoked();
    else if (!session && ui && droppedSessionId === sessionId) ui.status.textContent = TEXT.revoked;
  }

  /** The site signed out in another tab: this one forgets the conversation, what was typed, and the token. */
  function loggedOutElsewhere() {
    dropSession();
    dropOutbox();
    forgetToken();
    if (ui) ui.input.value = '';
  }

  function startPolling(s) {
    var failures = 0;
    function loop() {
      if (session !== s) return;
      var startedAt = Date.now();
      post(
        sessionPath(s.id, 'updates'),
        { sessionSecret: s.secret, after: s.lastSeq, waitSeconds: POLL_WAIT_SECONDS },
        {
          timeoutMs: POLL_TIMEOUT_MS,
          onController: function (controller) {
            s.pollController = controller;
          },
        },
      ).then(
        function (answer) {
          if (session !== s) return;
          if (answer.status === 200 && answer.data) {
            failures = 0;
            var before = s.lastSeq;
            applyUpdates(answer.data);
            var quick = s.lastSeq === before && Date.now() - startedAt < POLL_MIN_INTERVAL_MS;
            s.pollTimer = setTimeout(loop, quick ? POLL_MIN_INTERVAL_MS : 0);
            return;
          }
          var code = errorCode(answer);
          if (answer.status === 401 && code === 'SESSION_ENDED') return sessionEnded('ended');
          if (answer.status === 401 && code === 'SESSION_INVALID') {
            forgetStored(s.id);
            dropSession();
            return;
          }
          if (answer.status === 401 && code === 'TOKEN_EXPIRED') {
            // The session's token ran out on an enforced widget: a fresh one from the site, then go on.
            var tokenBefore = config.jwtAuthToken;
            renew()
              .then(pushToken)
              .then(function () {
                if (session !== s) return;
                if (config.jwtAuthToken !== tokenBefore && !tokenFresh) s.pollTimer = setTimeout(loop, 0);
                else retry();
              });
            return;
          }
          retry();
        },
        function () {
          if (session === s) retry();
        },
      );
    }
    function retry() {
      failures += 1;
      var delay = Math.min(POLL_MAX_BACKOFF_MS, 1000 * Math.pow(2, failures - 1));
      s.pollTimer = setTimeout(loop, delay / 2 + Math.random() * (delay / 2));
    }
    loop();
  }

  /** A stored session: shown only if the server agrees this page's token (or no token) is its person. */
  function resume(stored, from) {
    var myEpoch = epoch;
    var token = config.jwtAuthToken;
    var body = { sessionSecret: stored.secret };
    if (token) body.jwtAuthToken = token;
    resuming = post(sessionPath(stored.id, 'resume'), body)
      .then(
        function (answer) {
          if (myEpoch !== epoch || session) return;
          if (answer.status === 200 && answer.data && answer.data.state === 'open') {
            var identity = identityOf(token);
            var s = openSession(stored.id, stored.secret, identity, identity !== null);
            // The server took this token's expiry with the resume.
            if (config.jwtAuthToken === token) tokenFresh = false;
            applyUpdates(answer.data);
            if (session === s) startPolling(s);
            whenIdle(switchIfSomeoneElse);
            return;
          }
          // Only a page's own start decides about the stored chat: one another tab opened (or that a
          // Send found) may be that tab's person's, and a chat start here replaces it anyway.
          if (from === 'page' && (answer.status === 200 || answer.status === 401)) {
            forgetStored(stored.id);
            // Someone else's chat on this browser: end it, so its secret opens nothing any more.
            if (errorCode(answer) === 'IDENTITY_MISMATCH') void endOnServer(stored);
          }
        },
        function () {
          // Unreachable for now: the stored session stays, and the next Send tries again.
        },
      )
      .then(function () {
        resuming = null;
      });
    return resuming;
  }

  /** The token now names another person than the open chat's: end that chat and forget it; the next message starts anew. */
  function switchIfSomeoneElse() {
    if (!session || identityOf(config.jwtAuthToken) === session.identity) return;
    var s = dropSession();
    forgetStored(s.id);
    void endOnServer(s);
    if (ui) ui.input.value = '';
  }

  function whenIdle(fn) {
    if (sending) afterSend.push(fn);
    else fn();
  }

  function submit() {
    var text = ui.input.value.trim();
    showError('');
    if (!text) {
      showError(TEXT.empty);
      ui.input.focus();
      return;
    }
    if (!config.host || !config.token || !config.widgetId) {
      showError(TEXT.misconfigured);
      console.warn('fdWidget: init needs host, token and widgetId');
      return;
    }
    ui.input.value = '';
    var entry = { text: text, item: messageItem('visitor', null, text, TEXT.sending) };
    outbox.push(entry);
    appendItem(entry.item);
    pump();
  }

  /** Sends the oldest message waiting, then the next: one at a time, so the conversation keeps its order. */
  function pump() {
    if (sending || outbox.length === 0) return;
    sending = true;
    var entry = outbox[0];
    var myEpoch = epoch;
    prepareToSend()
      .then(function () {
        if (myEpoch !== epoch || outbox[0] !== entry) return;
        entry.inFlight = true;
        return session ? sendMessage(entry) : startChat(entry);
      })
      .catch(function (error) {
        console.warn('fdWidget: sending failed: ' + (error && error.message ? error.message : String(error)));
      })
      .then(function () {
        entry.inFlight = false;
        sending = false;
        var waiting = afterSend;
        afterSend = [];
        waiting.forEach(function (fn) {
          fn();
        });
        pump();
      });
  }

  /** A stored chat is resumed first; a token about to run out is renewed first (at most ~10 s). */
  function prepareToSend() {
    var stored = session ? null : readStored();
    var resumed = resuming || (stored ? resume(stored, 'send') : Promise.resolve());
    return resumed.then(function () {
      if (tokenRunsOut()) return renew();
      return renewal.inFlight;
    });
  }

  function startChat(entry) {
    var myEpoch = epoch;
    var token = config.jwtAuthToken;
    var body = { widgetId: config.widgetId, widgetToken: config.token, message: entry.text };
    if (token) body.jwtAuthToken = token;
    return post('/webchat/v1/sessions', body).then(
      function (answer) {
        if (myEpoch !== epoch || outbox[0] !== entry) return;
        var data = answer.data;
        if (answer.status === 201 && data && data.sessionId && data.sessionSecret) {
          if (config.jwtAuthToken === token) tokenFresh = false;
          // The person the token claims, even when the server did not verify it: only another claim is a switch here.
          var s = openSession(data.sessionId, data.sessionSecret, identityOf(token), Boolean(data.authenticated));
          store(s);
          ui.status.textContent = TEXT.started;
          confirm(entry, data.message ? data.message.seq : undefined, data.authenticated);
          startPolling(s);
          whenIdle(switchIfSomeoneElse);
          return;
        }
        restoreOutbox();
        showError(startRefusal(answer));
      },
      function () {
        if (myEpoch !== epoch || outbox[0] !== entry) return;
        restoreOutbox();
        showError(TEXT.offline);
      },
    );
  }

  function startRefusal(answer) {
    var code = errorCode(answer);
    if (answer.status === 401) {
      refusedEvent(code);
      if (code === 'TOKEN_MISSING') return TEXT.signInToChat;
      if (code === 'TOKEN_EXPIRED') return TEXT.expiredAtStart;
      return TEXT.unconfirmedAtStart;
    }
    if (answer.status === 404) {
      console.warn('fdWidget: the chat service does not know this widget id and token');
      return TEXT.misconfigured;
    }
    if (answer.status === 429) {
      var seconds = retryAfterSeconds(answer);
      return seconds > 0 ? 'Too many chats; try again in ' + seconds + ' seconds.' : 'Too many chats; try again in a minute.';
    }
    if (answer.status === 400) return TEXT.invalid;
    return TEXT.unavailable;
  }

  function sendMessage(entry) {
    var myEpoch = epoch;
    var s = session;
    var token = tokenFresh && config.jwtAuthToken ? config.jwtAuthToken : null;
    var body = { sessionSecret: s.secret, text: entry.text };
    if (token) body.jwtAuthToken = token;
    return post(sessionPath(s.id, 'messages'), body).then(
      function (answer) {
        if (myEpoch !== epoch || outbox[0] !== entry || session !== s) return;
        if (answer.status === 201 && answer.data && typeof answer.data.seq === 'number') {
          if (token && config.jwtAuthToken === token) tokenFresh = false;
          confirm(entry, answer.data.seq, answer.data.authenticated);
          return;
        }
        var code = errorCode(answer);
        if (answer.status === 401 && code === 'IDENTITY_MISMATCH') {
          // The token is someone else's: their chat starts with this message, the old one ends.
          var old = dropSession();
          forgetStored(old.id);
          void endOnServer(old);
          return;
        }
        if (answer.status === 401 && (code === 'SESSION_ENDED' || code === 'SESSION_INVALID')) {
          dropSession();
          forgetStored(s.id);
          restoreOutbox();
          showError(TEXT.ended);
          return;
        }
        if (answer.status === 401 && token) tokenFresh = false;
        restoreOutbox();
        showError(messageRefusal(answer, code));
      },
      function () {
        if (myEpoch !== epoch || outbox[0] !== entry) return;
        restoreOutbox();
        showError(TEXT.offline);
      },
    );
  }

  function messageRefusal(answer, code) {
    if (answer.status === 401) {
      refusedEvent(code);
      if (code === 'TOKEN_EXPIRED') return TEXT.expired;
      if (code === 'TOKEN_MISSING') return TEXT.signInToContinue;
      return TEXT.unconfirmed;
    }
    if (answer.status === 429) {
      var seconds = retryAfterSeconds(answer);
      return seconds > 0 ? 'Too many messages; try again in ' + seconds + ' seconds.' : 'Too many messages; try again in a minute.';
    }
    if (answer.status === 404) return TEXT.misconfigured;
    if (answer.status === 400) return TEXT.invalid;
    return TEXT.unavailable;
  }

  /** The server has the message: its bubble says so, once (a poll may have shown it already). */
  function confirm(entry, seq, authenticated) {
    outbox.shift();
    if (seq === undefined || seq === null) {
      setMeta(entry.item, sentLabel(authenticated));
      return;
    }
    var shown = session.seen[seq];
    if (shown && shown !== entry.item) {
      if (entry.item.parentNode) entry.item.parentNode.removeChild(entry.item);
      return;
    }
    session.seen[seq] = entry.item;
    setMeta(entry.item, sentLabel(authenticated));
  }

  // ---- The page's API --------------------------------------------------------------------------

  function whenBodyReady(fn) {
    if (document.body) fn();
    else document.addEventListener('DOMContentLoaded', fn, { once: true });
  }

  function init(options) {
    var o = options || {};
    config.host = String(o.host || scriptOrigin).replace(/\/+$/, '');
    config.token = o.token ? String(o.token) : '';
    config.widgetId = o.widgetId ? String(o.widgetId) : '';
    config.onAuthTokenExpiring = typeof o.onAuthTokenExpiring === 'function' ? o.onAuthTokenExpiring : null;
    var token = o.jwtAuthToken ? String(o.jwtAuthToken) : '';
    if (initialised) {
      // The snippet ran twice (a template and a partial): one widget, the newer token.
      if (token !== config.jwtAuthToken) applyToken(token);
      else scheduleRenewal();
      return;
    }
    initialised = true;
    config.jwtAuthToken = token;
    scheduleRenewal();
    listenToOtherTabs();
    whenBodyReady(function () {
      render();
      var stored = readStored();
      if (stored) void resume(stored, 'page');
    });
  }

  /** Ends the chat on the server, forgets it and the token, in this tab and every other tab of the site. */
  function logout() {
    var s = session;
    var stored = readStored();
    dropSession();
    dropOutbox();
    forgetToken();
    if (ui) ui.input.value = '';
    forgetStored();
    tellOtherTabs({ type: 'logout' });
    var ends = [];
    if (s) ends.push(endOnServer(s));
    if (stored && (!s || stored.id !== s.id)) ends.push(endOnServer(stored));
    return Promise.all(ends).then(function () {
      return undefined;
    });
  }

  function setAuthToken(token) {
    if (!initialised) {
      config.jwtAuthToken = token ? String(token) : '';
      return;
    }
    applyToken(token);
  }

  window.fdWidget = {
    __webchatAuth: true,
    init: init,
    /** A new token for the signed-in person at any time; another person's starts a new chat. */
    setAuthToken: setAuthToken,
    /** The old name of setAuthToken. */
    setJwtAuthToken: setAuthToken,
    logout: logout,
  };
})();
