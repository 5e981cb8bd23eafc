// The Sale view: the last minute of decisions (GET /v1/activity, every instance's merged) and the items.
import { getJson, every } from './api.js';
import { setText, count, rate, millis, el, replaceRows } from './format.js';
import { sparkline, bars } from './charts.js';
import { ItemTable, RELOAD_MS } from './items.js';

/** The result mix: first results by status, then what became of holds and places in line. */
function mix(activity) {
  const results = activity.results;
  const moved = (from, to) => activity.transitions
    .filter((t) => t.from === from && t.to === to).reduce((sum, t) => sum + t.count, 0);
  return [
    { label: 'reserved', value: results.reserved, kind: 'good' },
    { label: 'sold out', value: results.sold_out, kind: 'bad' },
    { label: 'waitlisted', value: results.waitlisted, kind: 'wait' },
    { label: 'served from the waitlist', value: moved('waitlisted', 'reserved'), kind: 'good' },
    { label: 'confirmed', value: moved('reserved', 'confirmed'), kind: 'good' },
    { label: 'cancelled', value: moved('reserved', 'cancelled') + moved('waitlisted', 'cancelled'), kind: 'wait' },
    { label: 'expired', value: moved('reserved', 'expired'), kind: 'bad' },
    { label: 'left the line unserved', value: moved('waitlisted', 'sold_out'), kind: 'bad' },
    { label: 'duplicates', value: results.duplicate, kind: 'muted' },
    { label: 'rejected', value: results.rejected, kind: 'bad' },
  ];
}

export function saleView(onState, onError) {
  const table = new ItemTable(onState);
  const dlq = document.querySelector('#sale-dlq tbody');

  function showActivity(activity) {
    setText('sale-rate', rate(activity.orders_per_second));
    setText('sale-decided', count(activity.decided));
    const latency = activity.latency_ms;
    setText('sale-latency', latency.count ? `${millis(latency.p50)} / ${millis(latency.p90)} / ${millis(latency.p99)}` : '–');
    sparkline(document.getElementById('sale-spark'), activity.per_second.map((second) => second.decided));
    bars(document.getElementById('sale-mix'), mix(activity));
    replaceRows(dlq, activity.dead_letters.map((row) => el('tr', {},
      el('td', {}, row.topic), el('td', {}, row.reason), el('td', { class: 'n' }, count(row.count)))),
    'none in the last minute', 3);
    onState(activity.partial ? 'partial' : 'live', activity.missing);
  }

  function showTotals() {
    const totals = table.totals();
    setText('sale-held', count(totals.held));
    setText('sale-waiting', count(totals.waiting));
  }

  return {
    start(signal) {
      every(1000, signal, async () => showActivity(await getJson('/v1/activity', signal)), onError);
      every(RELOAD_MS, signal, () => table.load(signal), onError);
      every(1000, signal, async () => showTotals(), onError);
    },
    stop() {
      table.stopStream();
    },
  };
}
