// The Cluster view: this instance's health (GET /health) and every instance's partitions and lag
// as they report themselves (GET /v1/instances).
import { getJson, every, ApiError } from './api.js';
import { setText, count, el, replaceRows } from './format.js';

const REFRESH_MS = 3000;
/** Records a standby may trail by before it is shown as behind (a commit marker alone counts as one). */
const LAG_WARNING = 1000;

function partitions(list) {
  return list.length ? list.join(', ') : '–';
}

/** The largest lag among a store's standby copies: an active copy in RUNNING serves what it wrote. */
function standbyLag(report) {
  return report.standby.reduce((max, partition) => Math.max(max, report.lag[partition] || 0), 0);
}

/**
 * One row per group of stores that share their partitions (the stores of one sub-topology move
 * together), rather than a dozen rows per instance that say the same thing.
 */
function storeRows(instance) {
  const groups = new Map();
  for (const [store, report] of Object.entries(instance.stores).sort(([a], [b]) => a.localeCompare(b))) {
    const key = `${report.active.join(',')}|${report.standby.join(',')}`;
    const group = groups.get(key) || { stores: [], report, lag: 0 };
    group.stores.push(store);
    group.lag = Math.max(group.lag, standbyLag(report));
    groups.set(key, group);
  }
  return [...groups.values()].map((group, i) => el('tr', { 'data-instance': instance.address },
    el('td', {}, i === 0 ? instance.address : ''),
    el('td', { class: i === 0 ? `state ${instance.state.toLowerCase()}` : '' }, i === 0 ? instance.state : ''),
    el('td', {}, group.stores.join(', ')), el('td', {}, partitions(group.report.active)),
    el('td', {}, partitions(group.report.standby)),
    el('td', { class: group.lag > LAG_WARNING ? 'n warn' : 'n' }, group.report.standby.length ? count(group.lag) : '–')));
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
    const lags = all.instances.flatMap((instance) => Object.values(instance.stores).map(standbyLag));
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
