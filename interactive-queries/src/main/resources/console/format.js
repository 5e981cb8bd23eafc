// Building DOM from data without innerHTML: every value the API returns lands as text.

/** el('td', {class: 'n'}, '12'): an element with attributes and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  element.append(...children.filter((child) => child !== null && child !== undefined)
    .map((child) => (child instanceof Node ? child : String(child))));
  return element;
}

export function setText(id, text) {
  document.getElementById(id).textContent = text;
}

export function replaceRows(tbody, rows, emptyText, columns) {
  tbody.replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: columns, class: 'muted' }, emptyText))]));
}

const integer = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export function count(value) {
  return value === null || value === undefined ? '–' : integer.format(value);
}

const fine = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

/** A rate: a trickle (a few orders a minute) shows as such, not as 0. */
export function rate(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  return value > 0 && value < 1 ? fine.format(value) : decimal.format(value);
}

export function millis(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  return value >= 1000 ? `${decimal.format(value / 1000)} s` : `${integer.format(value)} ms`;
}

/** "12 s ago" for an ISO instant. */
export function ago(iso, now = Date.now()) {
  if (!iso) {
    return '–';
  }
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  return `${Math.floor(seconds / 3600)} h ago`;
}

export function todayUtc() {
  return new Date().toISOString().slice(0, 10);
}
