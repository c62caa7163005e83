// The monitor's page: a snapshot and live changes from /events (server-sent events), click-to-call
// and hang-up through the JSON API. Plain DOM: every value from the PBX (caller names come from
// outside callers) goes in as text, never as HTML.

/** @type {Map<string, any>} calls in progress by id */
const calls = new Map();
/** @type {Map<string, any>} extension states by context and extension */
const extensions = new Map();
/** @type {Map<number, any>} finished calls by row number */
const history = new Map();
let historyLimit = 100;
let amiState = 'connecting';
let streamOpen = false;

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const STATE_WORDS = {
  dialing: 'dialling',
  ringing: 'ringing',
  up: 'talking',
  'on-hold': 'on hold',
  idle: 'idle',
  'in-use': 'in use',
  busy: 'busy',
  unavailable: 'unavailable',
  'in-use-ringing': 'in use, ringing',
  unknown: 'unknown',
};

function party(p) {
  if (!p) return '';
  if (p.name && p.name !== p.number) return p.number ? `${p.name} (${p.number})` : p.name;
  return p.number || 'unknown';
}

function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString();
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderCalls() {
  const body = $('calls');
  const rows = [...calls.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  body.replaceChildren(
    ...rows.map((call) => {
      const tr = document.createElement('tr');
      tr.dataset.callId = call.id;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Hang up';
      button.setAttribute(
        'aria-label',
        `Hang up the call from ${party(call.caller)} to ${party(call.callee)}`,
      );
      button.addEventListener('click', () => hangup(call, button));
      const actions = document.createElement('td');
      actions.append(button);
      tr.append(
        cell(party(call.caller)),
        cell(party(call.callee)),
        cell(STATE_WORDS[call.state] ?? call.state),
        cell(call.direction),
        cell(time(call.startedAt)),
        actions,
      );
      return tr;
    }),
  );
  $('calls-empty').hidden = rows.length > 0;
  $('calls-count').textContent = rows.length > 0 ? `(${rows.length})` : '';
}

function renderExtensions() {
  const rows = [...extensions.values()].sort((a, b) =>
    a.extension.localeCompare(b.extension, undefined, { numeric: true }),
  );
  $('extensions').replaceChildren(
    ...rows.map((ext) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(ext.extension),
        cell(STATE_WORDS[ext.state] ?? ext.state, `state-${ext.state}`),
        cell(ext.device),
        cell(time(ext.updatedAt)),
      );
      return tr;
    }),
  );
  $('extensions-empty').hidden = rows.length > 0;
  $('extension-list').replaceChildren(
    ...rows.map((ext) => {
      const option = document.createElement('option');
      option.value = ext.extension;
      return option;
    }),
  );
}

function renderHistory() {
  const rows = [...history.values()]
    .sort((a, b) => b.endedAt.localeCompare(a.endedAt) || b.seq - a.seq)
    .slice(0, historyLimit);
  $('history').replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      tr.append(
        cell(time(row.endedAt)),
        cell(party(row.caller)),
        cell(party(row.callee)),
        cell(row.disposition),
        cell(`${row.durationSec} s`),
        cell(`${row.billableSec} s`),
        cell(row.hangupCauseText || String(row.hangupCause)),
      );
      return tr;
    }),
  );
  $('history-empty').hidden = rows.length > 0;
}

function renderConnection() {
  const el = $('connection');
  if (!streamOpen) {
    el.dataset.state = 'down';
    el.textContent = 'Disconnected from the monitor; reconnecting…';
  } else if (amiState !== 'connected') {
    el.dataset.state = 'down';
    el.textContent = `PBX connection: ${amiState}`;
  } else {
    el.dataset.state = 'live';
    el.textContent = 'Live';
  }
}

/** Says something to screen readers through the live region. */
function announce(text) {
  const el = $('announcer');
  el.textContent = '';
  // A new text node after clearing, so that repeated messages are announced again.
  setTimeout(() => {
    el.textContent = text;
  }, 50);
}

function applySnapshot(snapshot) {
  amiState = snapshot.ami;
  calls.clear();
  for (const call of snapshot.calls) calls.set(call.id, call);
  extensions.clear();
  for (const ext of snapshot.extensions) extensions.set(`${ext.context}/${ext.extension}`, ext);
  history.clear();
  historyLimit = Math.max(historyLimit, snapshot.history.length);
  for (const row of snapshot.history) history.set(row.seq, row);
  renderCalls();
  renderExtensions();
  renderHistory();
  renderConnection();
}

function listen() {
  const source = new EventSource('/events');
  const on = (type, handler) =>
    source.addEventListener(type, (event) => {
      try {
        handler(JSON.parse(event.data));
      } catch (error) {
        console.error(`bad ${type} event`, error);
      }
    });
  source.addEventListener('open', () => {
    streamOpen = true;
    renderConnection();
  });
  source.addEventListener('error', () => {
    streamOpen = false;
    renderConnection();
  });
  on('snapshot', applySnapshot);
  on('call:start', ({ call }) => {
    calls.set(call.id, call);
    renderCalls();
    announce(`New call from ${party(call.caller)} to ${party(call.callee)}`);
  });
  on('call:update', ({ call }) => {
    calls.set(call.id, call);
    renderCalls();
  });
  on('call:end', ({ call }) => {
    if (calls.delete(call.id)) renderCalls();
    announce(`Call from ${party(call.caller)} to ${party(call.callee)} ended: ${call.disposition}`);
  });
  on('extension:update', ({ extension }) => {
    extensions.set(`${extension.context}/${extension.extension}`, extension);
    renderExtensions();
  });
  on('history:add', ({ row }) => {
    history.set(row.seq, row);
    renderHistory();
  });
  on('ami', ({ state }) => {
    amiState = state;
    renderConnection();
  });
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

function showResult(text, kind) {
  const el = $('c2c-result');
  el.dataset.kind = kind;
  el.textContent = text;
}

async function clickToCall(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const from = /** @type {HTMLInputElement} */ ($('c2c-from')).value.trim();
  const to = /** @type {HTMLInputElement} */ ($('c2c-to')).value.trim();
  if (!from || !to) {
    showResult('Enter your extension and the number to call.', 'error');
    (from ? $('c2c-to') : $('c2c-from')).focus();
    return;
  }
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('button'));
  button.disabled = true;
  showResult(`Ringing ${from}… answer your phone.`, 'info');
  try {
    await post('/api/calls', { from, to });
    showResult(`Connected: ${from} is talking to ${to}.`, 'info');
  } catch (error) {
    showResult(error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

async function hangup(call, button) {
  button.disabled = true;
  try {
    await post(`/api/calls/${encodeURIComponent(call.id)}/hangup`, {});
  } catch (error) {
    button.disabled = false;
    announce(`Could not hang up: ${error.message}`);
  }
}

$('c2c').addEventListener('submit', clickToCall);
listen();
