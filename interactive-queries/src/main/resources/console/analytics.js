// The Analytics view: one UTC day's metrics, gathered by the metrics API from every instance.
import { getJson, every } from './api.js';
import { setText, count, el, replaceRows, todayUtc } from './format.js';
import { columns, bars } from './charts.js';

/** The distinct counts' relative standard error: MetricValue.RELATIVE_STANDARD_ERROR (ConsoleFilesTest keeps them equal). */
export const RELATIVE_STANDARD_ERROR = 0.0086;
/** 98% of estimates fall within this many standard errors. */
const Z_98 = 2.33;
const REFRESH_MS = 5000;

function total(answer) {
  return answer.rows.reduce((sum, row) => sum + row.value, 0);
}

function estimate(id, answer) {
  const value = total(answer);
  setText(id, count(value));
  const margin = Math.ceil(value * RELATIVE_STANDARD_ERROR * Z_98);
  setText(`${id}-error`, value ? `estimate: ± ${count(margin)} (98%; sketch error ${(RELATIVE_STANDARD_ERROR * 100).toFixed(2)}%)` : '');
}

/** The 24 hours up to the current one, each with its count (0 where no row). */
function lastDay(answer, now = new Date()) {
  const byHour = new Map(answer.rows.map((row) => [Date.parse(row.hour), row.value]));
  const current = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours());
  const points = [];
  for (let i = 23; i >= 0; i--) {
    const hour = current - i * 3600000;
    points.push({ label: `${String(new Date(hour).getUTCHours()).padStart(2, '0')}h`, value: byHour.get(hour) || 0 });
  }
  return points;
}

function partial(...answers) {
  return [...new Set(answers.flatMap((answer) => answer.missing || []))];
}

export function analyticsView(onState, onError) {
  const dateInput = document.getElementById('analytics-date');
  const topDimension = document.getElementById('top-dimension');
  const topLimit = document.getElementById('top-limit');
  const topRows = document.querySelector('#analytics-top tbody');
  let refresh = () => {};
  dateInput.value = todayUtc();
  for (const input of [dateInput, topDimension, topLimit]) {
    input.addEventListener('change', () => refresh());
  }

  async function load(signal) {
    const day = dateInput.value || todayUtc();
    const daily = (metric, dimension) => getJson(
      `/v1/metrics/daily?metric=${metric}&from=${day}&to=${day}&dimension_key=${encodeURIComponent(dimension)}`, signal);
    const [metricName, dimension] = topDimension.value.split('|');
    const now = new Date();
    const from = new Date(now.getTime() - 23 * 3600000).toISOString().slice(0, 13);
    const [events, users, sessions, types, actions, hourly, top] = await Promise.all([
      daily('events', 'all'), daily('active_users', 'all'), daily('active_sessions', 'all'),
      daily('events', 'event_type'),
      getJson(`/v1/metrics/daily/top?date=${day}&dimension_key=event_type:event_action&limit=15`, signal),
      getJson(`/v1/metrics/hourly?metric=events&from=${from}:00:00Z&to=${now.toISOString().slice(0, 13)}:00:00Z`, signal),
      getJson(`/v1/metrics/daily/top?date=${day}&metric=${metricName}&dimension_key=${encodeURIComponent(dimension)}&limit=${topLimit.value}`, signal),
    ]);
    setText('analytics-events', count(total(events)));
    estimate('analytics-users', users);
    estimate('analytics-sessions', sessions);
    columns(document.getElementById('analytics-hourly'), lastDay(hourly, now));
    const byValue = (answer) => answer.rows.map((row) => ({ label: row.dimension_value, value: row.value }))
      .sort((a, b) => b.value - a.value);
    bars(document.getElementById('analytics-types'), byValue(types), 'no events this day');
    bars(document.getElementById('analytics-actions'), byValue(actions), 'no events this day');
    replaceRows(topRows, top.rows.map((row, i) => el('tr', {},
      el('td', {}, i + 1), el('td', {}, row.dimension_value), el('td', { class: 'n' }, count(row.value)))),
    'no events this day', 3);
    const missing = partial(events, users, sessions, types, actions, hourly, top);
    setText('analytics-note', missing.length ? `Partial: ${missing.join(', ')} did not answer.` : '');
    onState(missing.length ? 'partial' : 'live', missing);
  }

  return {
    start(signal) {
      refresh = () => load(signal).catch(onError);
      every(REFRESH_MS, signal, () => load(signal), onError);
    },
    stop() {
      refresh = () => {};
    },
  };
}
