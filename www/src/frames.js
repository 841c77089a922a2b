// Result frames: each run of a query gets a frame, newest on top and pinned frames above the
// rest, showing its query, status and summary, with buttons to expand or collapse, pin, run
// again and close it. One frame at most is expanded: the page's result views (one set, the
// `body` element) move into it, so that a frame costs only what its owner keeps for it. Beyond
// `limit` unpinned frames, the oldest are dropped.

let nextId = 1;

/** A small button with an icon, its name for screen readers, and the same as a tooltip. */
function iconButton(className, icon, name) {
  return Object.assign(document.createElement('button'), {
    type: 'button', className, textContent: icon, title: name, ariaLabel: name,
  });
}

export class Frames {
  #list;
  #body;
  #holder;
  #limit;
  /** The frames, in the order shown. */
  #frames = [];
  #expanded = null;

  /**
   * @param {HTMLElement} list where the frames go
   * @param {object} options
   * @param {HTMLElement} options.body the result views, moved into the expanded frame
   * @param {HTMLElement} options.holder where the views stay while no frame exists (shown then)
   * @param {number} options.limit the most unpinned frames kept
   * @param {function(object): void} options.onToggle a frame's expand/collapse button was pressed
   * @param {function(object): void} options.onRerun a frame's "run again" button was pressed
   * @param {function(object): void} options.onClose a frame was closed
   */
  constructor(list, { body, holder, limit, onToggle, onRerun, onClose }) {
    Object.assign(this, { onToggle, onRerun, onClose });
    this.#list = list;
    this.#body = body;
    this.#holder = holder;
    this.#limit = limit;
  }

  /** The frames, in the order shown (pinned first, then the newest first). */
  get all() {
    return [...this.#frames];
  }

  /** The expanded frame, or null. */
  get expanded() {
    return this.#expanded;
  }

  /**
   * Adds a frame for `query` and `params` (JSON text) below the pinned ones, drops the oldest
   * unpinned frames beyond the limit, and returns the new frame: `{ id, query, params, pinned }`
   * plus whatever the owner keeps on it.
   */
  add({ query, params }) {
    const frame = { id: nextId++, query, params, pinned: false, el: document.createElement('article') };
    const { el } = frame;
    el.className = 'frame';
    el.id = `frame-${frame.id}`;
    el.setAttribute('aria-labelledby', `${el.id}-query`);
    const head = document.createElement('header');
    head.className = 'frame-head';
    const toggle = iconButton('frame-toggle', '▸', 'Expand');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', this.#body.id);
    const text = Object.assign(document.createElement('pre'), { className: 'frame-query', id: `${el.id}-query`, textContent: query, title: query });
    const status = Object.assign(document.createElement('p'), { className: 'frame-status' });
    const summary = Object.assign(document.createElement('p'), { className: 'frame-summary' });
    const actions = document.createElement('div');
    actions.className = 'frame-actions';
    const pin = Object.assign(document.createElement('button'), { type: 'button', className: 'frame-pin', textContent: 'Pin', title: 'Keep this frame at the top' });
    pin.setAttribute('aria-pressed', 'false');
    const rerun = iconButton('frame-rerun', '↻', 'Run again');
    const close = iconButton('frame-close', '✕', 'Close');
    actions.append(pin, rerun, close);
    const info = document.createElement('div');
    info.className = 'frame-info';
    info.append(text, status, summary);
    head.append(toggle, info, actions);
    el.append(head);
    Object.assign(frame, { toggle, status, summary, pin, rerun, close });
    toggle.addEventListener('click', () => this.onToggle(frame));
    pin.addEventListener('click', () => this.setPinned(frame, !frame.pinned));
    rerun.addEventListener('click', () => this.onRerun(frame));
    close.addEventListener('click', () => this.close(frame));

    const firstUnpinned = this.#frames.find((f) => !f.pinned);
    this.#frames.splice(firstUnpinned ? this.#frames.indexOf(firstUnpinned) : this.#frames.length, 0, frame);
    this.#list.insertBefore(el, firstUnpinned?.el ?? null);
    this.#holder.hidden = true;
    const unpinned = this.#frames.filter((f) => !f.pinned && f !== this.#expanded);
    for (const old of unpinned.slice(this.#limit - (this.#expanded?.pinned === false ? 1 : 0))) this.#remove(old);
    return frame;
  }

  /** Expands `frame` (collapsing the one expanded before): the result views move into it. */
  expand(frame) {
    if (this.#expanded) this.#setExpanded(this.#expanded, false);
    this.#expanded = frame;
    frame.el.append(this.#body);
    this.#setExpanded(frame, true);
  }

  /** Collapses the expanded frame: only its head shows. */
  collapse() {
    if (!this.#expanded) return;
    this.#setExpanded(this.#expanded, false);
    this.#expanded = null;
    this.#holder.append(this.#body);
  }

  #setExpanded(frame, expanded) {
    frame.el.dataset.expanded = String(expanded);
    frame.toggle.setAttribute('aria-expanded', String(expanded));
    frame.toggle.textContent = expanded ? '▾' : '▸';
    frame.toggle.title = frame.toggle.ariaLabel = expanded ? 'Collapse' : 'Expand';
  }

  /** Pins a frame above the unpinned ones (the newest pinned first), or unpins it. */
  setPinned(frame, pinned) {
    frame.pinned = pinned;
    frame.el.dataset.pinned = String(pinned);
    frame.pin.setAttribute('aria-pressed', String(pinned));
    this.#frames.splice(this.#frames.indexOf(frame), 1);
    // Pinned: first of all. Unpinned: first of the unpinned, as if it were run just now.
    const at = pinned ? 0 : this.#frames.filter((f) => f.pinned).length;
    this.#frames.splice(at, 0, frame);
    const focused = frame.el.contains(document.activeElement) ? document.activeElement : null;
    this.#list.insertBefore(frame.el, this.#frames[at + 1]?.el ?? null);
    focused?.focus();
  }

  /** Closes a frame, then tells its owner. */
  close(frame) {
    this.#remove(frame);
    this.onClose(frame);
  }

  #remove(frame) {
    if (frame === this.#expanded) this.collapse();
    this.#frames.splice(this.#frames.indexOf(frame), 1);
    frame.el.remove();
    this.#holder.hidden = this.#frames.length > 0;
  }

  /** Shows a frame's status (`state`: running, done, failed or cancelled) and summary. */
  describe(frame, state, status, summary = '') {
    frame.status.dataset.state = state;
    frame.status.textContent = status;
    frame.summary.textContent = summary;
  }

  /** While a query runs, no frame can be run again, closed or switched to. */
  setBusy(busy) {
    for (const frame of this.#frames) {
      for (const button of [frame.toggle, frame.rerun, frame.close]) button.disabled = busy;
    }
  }
}
