// The sale's item table: every item loaded a page of the API at a time, then searched, sorted and
// paged here; the items on screen follow their live stream, so their numbers move without a reload.
import { getJson, follow, isAbort } from './api.js';
import { el, count, ago, replaceRows } from './format.js';
import { stockBar } from './charts.js';

const PAGE_SIZE = 25; // on screen, and followed live (a stream takes up to 100 items)
const MAX_ITEMS = 20000; // loaded for sorting and search; the note says when there were more
const STOCK = ['available', 'reserved', 'confirmed', 'waitlisted', 'supplied'];
const NATURAL = new Intl.Collator('en', { numeric: true });
export const RELOAD_MS = 15000; // new items appear, and the order of a sorted column catches up

export class ItemTable {
  constructor(onState) {
    this.onState = onState;
    this.levels = new Map();
    this.sort = { key: 'item_id', descending: false };
    this.search = '';
    this.page = 0;
    this.truncated = false;
    this.missing = [];
    this.streamed = '';
    this.stream = null;
    this.tbody = document.querySelector('#items tbody');
    document.querySelectorAll('#items th[data-sort]').forEach((th) => th.addEventListener('click', () => {
      const key = th.dataset.sort;
      this.sort = { key, descending: this.sort.key === key ? !this.sort.descending : key !== 'item_id' };
      this.page = 0;
      this.render();
    }));
    const search = document.getElementById('items-search');
    // As one types, and on a clear that fires only change.
    for (const type of ['input', 'change']) {
      search.addEventListener(type, () => {
        if (this.search !== search.value.trim().toLowerCase()) {
          this.search = search.value.trim().toLowerCase();
          this.page = 0;
          this.render();
        }
      });
    }
    document.getElementById('items-prev').addEventListener('click', () => { this.page -= 1; this.render(); });
    document.getElementById('items-next').addEventListener('click', () => { this.page += 1; this.render(); });
  }

  /** Every item, a thousand at a time in id order, up to MAX_ITEMS. */
  async load(signal) {
    const loaded = new Map();
    const missing = new Set();
    let cursor = null;
    do {
      const page = await getJson(`/v1/inventory?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, signal);
      page.items.forEach((level) => loaded.set(level.item_id, level));
      (page.missing || []).forEach((address) => missing.add(address));
      cursor = page.next_cursor;
    } while (cursor && loaded.size < MAX_ITEMS);
    // A level the stream brought since is newer than the list's.
    for (const [id, level] of loaded) {
      const live = this.levels.get(id);
      if (live && live.updated_at > level.updated_at) {
        loaded.set(id, live);
      }
    }
    this.levels = loaded;
    this.truncated = Boolean(cursor);
    this.missing = [...missing];
    this.render();
  }

  visible() {
    const rows = [...this.levels.values()].filter((level) => level.item_id.toLowerCase().includes(this.search));
    const { key, descending } = this.sort;
    // Ids in natural order (sku-2 before sku-10), as a person reads them.
    const byId = (a, b) => NATURAL.compare(a.item_id, b.item_id);
    rows.sort((a, b) => {
      const order = key === 'item_id' ? byId(a, b) : a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0;
      return (descending ? -order : order) || byId(a, b);
    });
    return rows;
  }

  render() {
    const rows = this.visible();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    this.page = Math.min(Math.max(0, this.page), pages - 1);
    const shown = rows.slice(this.page * PAGE_SIZE, (this.page + 1) * PAGE_SIZE);
    replaceRows(this.tbody, shown.map((level) => this.row(level)),
      this.levels.size ? 'no item matches' : 'no items yet: set stock with PUT /v1/admin/inventory/{item}', 8);
    document.getElementById('items-count').textContent = `${count(rows.length)} of ${count(this.levels.size)} items`;
    document.getElementById('items-page').textContent = `page ${this.page + 1} of ${pages}`;
    document.getElementById('items-prev').disabled = this.page === 0;
    document.getElementById('items-next').disabled = this.page >= pages - 1;
    document.querySelectorAll('#items th[data-sort]').forEach((th) => {
      th.className = `${th.classList.contains('n') ? 'n ' : ''}${th.dataset.sort === this.sort.key ? (this.sort.descending ? 'sorted-down' : 'sorted-up') : ''}`;
    });
    const notes = [];
    if (this.truncated) {
      notes.push(`Showing the first ${count(MAX_ITEMS)} items by id.`);
    }
    if (this.missing.length) {
      notes.push(`Partial: ${this.missing.join(', ')} did not answer; their items are missing.`);
    }
    document.getElementById('items-note').textContent = notes.join(' ');
    this.followItems(shown.map((level) => level.item_id));
  }

  row(level) {
    return el('tr', { 'data-item': level.item_id },
      el('td', {}, level.item_id), el('td', { class: 'n available' }, count(level.available)),
      el('td', { class: 'n held' }, count(level.reserved)), el('td', { class: 'n sold' }, count(level.confirmed)),
      el('td', { class: 'n' }, count(level.waitlisted)), el('td', { class: 'n' }, count(level.supplied)),
      el('td', {}, stockBar(level)), el('td', { class: 'muted', title: level.updated_at }, ago(level.updated_at)));
  }

  /** One stream for the items on screen, replaced when they change. */
  followItems(ids) {
    const key = ids.join(',');
    if (key === this.streamed) {
      return;
    }
    this.stopStream();
    this.streamed = key;
    if (!ids.length) {
      return;
    }
    this.stream = new AbortController();
    follow(`/v1/stream/inventory?items=${encodeURIComponent(key)}`, (event) => {
      if (event.type === 'level') {
        this.update(event.data);
      }
    }, this.onState, this.stream.signal).catch((error) => isAbort(error) || this.onState('reconnecting', error));
  }

  /** A live level: its row changes in place (re-sorting would move rows under the reader's eyes). */
  update(level) {
    const before = this.levels.get(level.item_id);
    this.levels.set(level.item_id, level);
    const old = this.tbody.querySelector(`tr[data-item="${CSS.escape(level.item_id)}"]`);
    if (old) {
      const row = this.row(level);
      if (before && STOCK.some((field) => before[field] !== level[field])) {
        row.classList.add('changed');
      }
      old.replaceWith(row);
    }
  }

  stopStream() {
    this.stream?.abort();
    this.stream = null;
    this.streamed = '';
  }

  totals() {
    let held = 0;
    let waiting = 0;
    for (const level of this.levels.values()) {
      held += level.reserved;
      waiting += level.waitlisted || 0;
    }
    return { held, waiting };
  }
}
