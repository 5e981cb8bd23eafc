// Every call the console makes: to the instance that served it, with the tab's API key if it has one.
const KEY = 'surge.apiKey';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  forget: () => sessionStorage.removeItem(KEY),
};

function headers(extra) {
  const key = apiKey.get();
  return key ? { ...extra, 'X-API-Key': key } : extra;
}

/** GET a JSON answer; an error answer becomes an ApiError carrying its status and body. */
export async function getJson(path, signal) {
  const res = await fetch(path, { headers: headers({ Accept: 'application/json' }), signal, cache: 'no-store' });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(res.status, body);
  }
  return body;
}

/** Whether a failure is the user's (a missing or refused key) rather than the network's. */
export function isAuthError(error) {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

export function isAbort(error) {
  return error && error.name === 'AbortError';
}

/**
 * Follows a Server-Sent Events stream until the signal aborts, resuming with Last-Event-ID after a
 * drop. Read with fetch rather than EventSource, which cannot send the API key.
 */
export async function follow(path, onEvent, onState, signal) {
  let lastId = null;
  let delay = 500;
  while (!signal.aborted) {
    try {
      const extra = { Accept: 'text/event-stream' };
      if (lastId) {
        extra['Last-Event-ID'] = lastId;
      }
      const res = await fetch(path, { headers: headers(extra), signal, cache: 'no-store' });
      if (!res.ok) {
        throw new ApiError(res.status, await res.json().catch(() => null));
      }
      onState('live');
      delay = 500;
      await readEvents(res.body, (event) => {
        if (event.id) {
          lastId = event.id;
        }
        onEvent(event);
      });
    } catch (error) {
      if (isAbort(error) || signal.aborted) {
        return;
      }
      if (isAuthError(error)) {
        onState('auth', error);
        return;
      }
      onState('reconnecting', error);
    }
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 10000);
  }
}

async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) {
        onEvent(event);
      }
    }
  }
}

function parseEvent(block) {
  const event = { type: 'message', data: '', id: null };
  let hasData = false;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      continue; // a heartbeat
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') {
      event.type = value;
    } else if (field === 'data') {
      event.data = hasData ? `${event.data}\n${value}` : value;
      hasData = true;
    } else if (field === 'id') {
      event.id = value;
    }
  }
  if (!hasData) {
    return null;
  }
  try {
    event.data = JSON.parse(event.data);
  } catch {
    // Not JSON: handed on as text.
  }
  return event;
}

export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/**
 * Calls task now and then every interval ms until the signal aborts, never two at once; a failure
 * goes to onError and the polling goes on.
 */
export async function every(interval, signal, task, onError) {
  while (!signal.aborted) {
    try {
      await task();
    } catch (error) {
      if (!isAbort(error) && !signal.aborted) {
        onError(error);
      }
    }
    await sleep(interval, signal);
  }
}
