// Three small charts in plain SVG and CSS: a sparkline, a column chart, and labelled bars.
import { el, count } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  if (text !== undefined) {
    element.textContent = text;
  }
  return element;
}

/** A line through values, scaled to the svg's viewBox (its own maximum at the top). */
export function sparkline(target, values) {
  const [, , width, height] = target.getAttribute('viewBox').split(' ').map(Number);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((value, i) => `${(i * step).toFixed(1)},${(height - 1 - (value / max) * (height - 2)).toFixed(1)}`);
  target.replaceChildren(svg('polyline', { points: points.join(' '), class: 'spark-line' }));
}

/** Columns with a label under every few and the value on hover. points: [{label, value}], oldest first */
export function columns(target, points, labelEvery = 3) {
  const [, , width, height] = target.getAttribute('viewBox').split(' ').map(Number);
  const top = 14;
  const bottom = 18;
  const max = Math.max(1, ...points.map((p) => p.value));
  const slot = width / Math.max(1, points.length);
  const children = [svg('text', { x: 0, y: 10, class: 'axis' }, `max ${count(max)}`)];
  points.forEach((point, i) => {
    const h = (point.value / max) * (height - top - bottom);
    const bar = svg('rect', { x: (i * slot + 1).toFixed(1), y: (height - bottom - h).toFixed(1),
      width: Math.max(1, slot - 2).toFixed(1), height: h.toFixed(1), class: 'column' });
    bar.append(svg('title', {}, `${point.label}: ${count(point.value)}`));
    children.push(bar);
    // Counted from the right: the latest column (the current hour) always has its label.
    if ((points.length - 1 - i) % labelEvery === 0) {
      children.push(svg('text', { x: (i * slot + slot / 2).toFixed(1), y: height - 4, class: 'axis', 'text-anchor': 'middle' },
        point.label));
    }
  });
  children.push(svg('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom, class: 'baseline' }));
  target.replaceChildren(...children);
}

/** Labelled horizontal bars, their lengths relative to the largest. rows: [{label, value, kind}] */
export function bars(target, rows, emptyText = 'nothing yet') {
  if (!rows.length) {
    target.replaceChildren(el('p', { class: 'muted' }, emptyText));
    return;
  }
  const max = Math.max(1, ...rows.map((r) => r.value));
  target.replaceChildren(...rows.map((row) => {
    const fill = el('span', { class: `fill ${row.kind || ''}` });
    fill.style.width = `${(100 * row.value) / max}%`;
    return el('div', { class: 'bar', 'data-label': row.label },
      el('span', { class: 'bar-label' }, row.label), el('span', { class: 'track' }, fill),
      el('span', { class: 'bar-value' }, count(row.value)));
  }));
}

/** One item's stock as a stacked bar: sold, held, available, out of what was supplied. */
export function stockBar(level) {
  const total = Math.max(1, level.supplied || (level.available + level.reserved + (level.confirmed || 0)));
  const bar = el('span', { class: 'stock', title: `${level.confirmed || 0} sold, ${level.reserved} held, ${level.available} available` });
  for (const [kind, value] of [['sold', level.confirmed || 0], ['held', level.reserved], ['available', level.available]]) {
    const part = el('span', { class: kind });
    part.style.width = `${(100 * Math.max(0, value)) / total}%`;
    bar.append(part);
  }
  return bar;
}
