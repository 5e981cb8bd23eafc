// The console's shell: asks for a key when the API wants one, switches views, shows the connection.
import { getJson, apiKey, isAuthError, ApiError } from './api.js';
import { saleView } from './sale.js';
import { analyticsView } from './analytics.js';
import { clusterView } from './cluster.js';

const connection = document.getElementById('connection');
const keyForm = document.getElementById('key-form');
const keyError = document.getElementById('key-error');
const forgetKey = document.getElementById('forget-key');

function describe(state, detail) {
  switch (state) {
    case 'partial': return `partial: ${(detail || []).join(', ')} did not answer`;
    case 'reconnecting': return 'reconnecting…';
    case 'error': return `error: ${detail && detail.message ? detail.message : detail}`;
    default: return state;
  }
}

function showState(state, detail) {
  if (state === 'auth') {
    askForKey(detail);
    return;
  }
  connection.textContent = describe(state, detail);
  connection.className = `connection ${state}`;
}

function onError(error) {
  if (isAuthError(error)) {
    askForKey(error);
  } else {
    showState(error instanceof ApiError ? 'error' : 'reconnecting', error);
  }
}

const views = {
  sale: saleView(showState, onError),
  analytics: analyticsView(showState, onError),
  cluster: clusterView(showState, onError),
};
let running = null;

function stopView() {
  if (running) {
    running.controller.abort();
    running.view.stop();
    running = null;
  }
}

function showView() {
  const name = views[location.hash.slice(1)] ? location.hash.slice(1) : 'sale';
  stopView();
  for (const section of Object.keys(views)) {
    document.getElementById(section).hidden = section !== name;
  }
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.dataset.view === name));
  running = { view: views[name], controller: new AbortController() };
  running.view.start(running.controller.signal);
}

function askForKey(error) {
  stopView();
  Object.keys(views).forEach((section) => { document.getElementById(section).hidden = true; });
  keyForm.hidden = false;
  keyError.textContent = !error || !apiKey.get() ? ''
    : error.status === 403 ? 'This key lacks the read scope.' : 'This key was refused.';
  forgetKey.hidden = !apiKey.get();
  showState('locked');
  document.getElementById('key-input').focus();
}

/** Opens the views once a read answers: without a key where the API needs none. */
async function open() {
  try {
    await getJson('/v1/instances/self');
  } catch (error) {
    if (isAuthError(error)) {
      askForKey(error);
      return;
    }
    // Anything else (a restarting instance): the views say so and retry on their own.
  }
  keyForm.hidden = true;
  forgetKey.hidden = !apiKey.get();
  showView();
}

keyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  apiKey.set(document.getElementById('key-input').value.trim());
  document.getElementById('key-input').value = '';
  open();
});
forgetKey.addEventListener('click', () => {
  apiKey.forget();
  askForKey();
});
window.addEventListener('hashchange', () => {
  if (keyForm.hidden) {
    showView();
  }
});
open();
