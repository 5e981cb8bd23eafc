// The Cluster view: this instance's health (GET /health) and every instance's partitions and lag
// as they report themselves (GET /v1/instances).
import { getJson, every, ApiError } from './api.js';
import { setText, count, el, replaceRows } from './format.js';

const REFRESH_MS = 3000;

function partitions(list) {
  return list.length ? list.join(', ') : '–';
}

function storeRows(instance) {
  const stores = Object.entries(instance.stores).sort(([a], [b]) => a.localeCompare(b));
  return stores.map(([store, report], i) => {
    const lag = Object.values(report.lag).reduce((max, value) => Math.max(max, value), 0);
    return el('tr', { 'data-instance': instance.address },
      el('td', {}, i === 0 ? instance.address : ''),
      el('td', { class: i === 0 ? `state ${instance.state.toLowerCase()}` : '' }, i === 0 ? instance.state : ''),
      el('td', {}, store), el('td', {}, partitions(report.active)), el('td', {}, partitions(report.standby)),
      el('td', { class: lag > 0 ? 'n warn' : 'n' }, count(lag)));
  });
}

/** /health answers 503 with the same body when this instance is not ready: that is a reading too. */
async function health(signal) {
  try {
    return await getJson('/health', signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 503 && error.body && error.body.status) {
      return error.body;
    }
    throw error;
  }
}

export function clusterView(onState, onError) {
  const checks = document.querySelector('#cluster-checks tbody');
  const instances = document.querySelector('#cluster-instances tbody');

  async function load(signal) {
    const [self, all] = await Promise.all([health(signal), getJson('/v1/instances', signal)]);
    setText('cluster-health', self.status);
    document.getElementById('cluster-health').className = `value state ${self.status.toLowerCase()}`;
    replaceRows(checks, Object.entries(self.components || {}).map(([name, check]) => el('tr', {},
      el('td', {}, name), el('td', { class: `state ${check.status.toLowerCase()}` }, check.status),
      el('td', { class: 'muted' }, check.detail || ''))),
    'details need an admin key (or the management port)', 3);
    setText('cluster-count', count(all.instances.length) + (all.partial ? ' + ?' : ''));
    const lags = all.instances.flatMap((instance) => Object.values(instance.stores)
      .flatMap((report) => Object.values(report.lag)));
    setText('cluster-lag', count(lags.reduce((max, value) => Math.max(max, value), 0)));
    replaceRows(instances, all.instances.flatMap(storeRows), 'no instance answered', 6);
    setText('cluster-note', all.partial ? `Partial: ${all.missing.join(', ')} did not answer.` : '');
    onState(all.partial ? 'partial' : 'live', all.missing);
  }

  return {
    start(signal) {
      every(REFRESH_MS, signal, () => load(signal), onError);
    },
    stop() {},
  };
}
