// The graph view: draws the nodes, relationships and paths found in result records with
// cytoscape, each node and relationship once (by element id), nodes coloured and captioned as
// chosen for their first label (label-styles.js). Records are collected as they stream in and
// drawn in batches (`flush`), up to a limit of nodes. Captions keep one size on screen and show
// only where they do not overlap (more as one zooms in); a dragged node is pinned where it is
// dropped; a double click asks for a node's neighbours. `toSvg` exports the drawing.
import cytoscape from 'cytoscape';
import neo4j from 'neo4j-wasm';
import { captionOf, locationOf } from './values.js';
import { colourOf, NO_LABEL_COLOUR, nodeCaption } from './label-styles.js';

/** Captions are this size on screen (px) at any zoom, and at most this wide. */
const CAPTION_PX = 12;
const CAPTION_MAX_PX = 120;
const CAPTION_FONT = 'system-ui, sans-serif';
/**
 * Space kept around a caption (px) so that neighbouring ones stay apart, beyond the margin
 * cytoscape adds to a label's bounds (2 graph units a side: more pixels as one zooms in).
 */
const CAPTION_PAD = 3;
const captionSlack = (zoom) => CAPTION_PAD + 2 * zoom;
/** The radius of a node's circle, in graph units. */
const NODE_RADIUS = 11;

/**
 * The drawing's style. Node captions show only where they fit (the `captioned` class, see
 * `placeCaptions`), on the selected node and on the one under the pointer; `zoom()` gives the
 * zoom their size is divided by, so that they keep one size on screen.
 */
const styleFor = (zoom) => [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)', 'border-width': 1.5, 'border-color': '#ffffff',
      width: NODE_RADIUS * 2, height: NODE_RADIUS * 2, color: '#1d2433', 'font-family': CAPTION_FONT,
      'text-valign': 'bottom', 'text-wrap': 'ellipsis',
      'text-background-color': '#ffffff', 'text-background-opacity': 0.8,
      'font-size': () => CAPTION_PX / zoom(), 'text-margin-y': () => 2 / zoom(),
      'text-max-width': () => `${CAPTION_MAX_PX / zoom()}px`, 'text-background-padding': () => `${1 / zoom()}px`,
    },
  },
  { selector: 'node.captioned, node:selected, node.hover', style: { label: 'data(caption)' } },
  // Where `placeCaptions` found room: below the node unless it says otherwise.
  { selector: 'node.caption-above', style: { 'text-valign': 'top', 'text-margin-y': () => -2 / zoom() } },
  { selector: 'node.caption-right', style: { 'text-valign': 'center', 'text-halign': 'right', 'text-margin-y': 0, 'text-margin-x': () => 3 / zoom() } },
  { selector: 'node.caption-left', style: { 'text-valign': 'center', 'text-halign': 'left', 'text-margin-y': 0, 'text-margin-x': () => -3 / zoom() } },
  { selector: 'node:selected, node.hover', style: { 'z-index': 10, 'text-background-opacity': 1 } },
  {
    selector: 'edge',
    style: {
      width: 1.6, 'line-color': '#a5abb6', 'target-arrow-color': '#a5abb6', 'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8, 'curve-style': 'bezier', label: 'data(type)', 'font-size': 8, color: '#5b6475',
      'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.8,
      // Relationship types only once zoomed in far enough to read them.
      'min-zoomed-font-size': 9,
    },
  },
  // A pinned node keeps its place when the graph is laid out again.
  { selector: 'node.pinned', style: { 'border-width': 3, 'border-color': '#1d2433', 'border-style': 'double' } },
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1a5fb4' } },
  { selector: 'edge:selected', style: { width: 3, 'line-color': '#1a5fb4', 'target-arrow-color': '#1a5fb4' } },
];

/** The rendered size of a caption's text, measured once per text. */
const captionWidths = new Map();
let measuring = null;
function captionWidth(text) {
  if (!captionWidths.has(text)) {
    measuring ??= document.createElement('canvas').getContext('2d');
    measuring.font = `${CAPTION_PX}px ${CAPTION_FONT}`;
    if (captionWidths.size > 5000) captionWidths.clear();
    captionWidths.set(text, Math.min(measuring.measureText(text).width, CAPTION_MAX_PX));
  }
  return captionWidths.get(text);
}

/** Whether two boxes `{x1, y1, x2, y2}` overlap. */
const overlap = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** Where a caption may go around its node, in the order tried (see the caption-* classes). */
const CAPTION_PLACES = ['below', 'right', 'left', 'above'];

/**
 * The nodes whose captions fit on screen as drawn now: the best connected first, each caption
 * below, beside or above its node, clear of the other captions and of every node. Returns a
 * map from their ids to the place found.
 */
function placeCaptions(cy) {
  const [width, height] = [cy.width(), cy.height()];
  const CELL = 64;
  const grid = new Map();
  const cells = (box, visit) => {
    for (let x = Math.floor(box.x1 / CELL); x <= Math.floor(box.x2 / CELL); x++) {
      for (let y = Math.floor(box.y1 / CELL); y <= Math.floor(box.y2 / CELL); y++) visit(`${x},${y}`);
    }
  };
  /** Whether `box` overlaps nothing taken but `own` (its node's circle). */
  const free = (box, own) => {
    let clear = true;
    cells(box, (key) => { clear &&= !(grid.get(key) ?? []).some((other) => other !== own && overlap(box, other)); });
    return clear;
  };
  const take = (box) => cells(box, (key) => {
    if (!grid.has(key)) grid.set(key, []);
    grid.get(key).push(box);
  });
  const onScreen = cy.nodes().filter((n) => {
    const { x, y } = n.renderedPosition();
    return x >= 0 && y >= 0 && x <= width && y <= height;
  });
  const circles = new Map(onScreen.map((n) => {
    const { x, y } = n.renderedPosition();
    const r = n.renderedOuterWidth() / 2;
    return [n.id(), { x, y, r, box: { x1: x - r, y1: y - r, x2: x + r, y2: y + r } }];
  }));
  for (const { box } of circles.values()) take(box);
  const shown = new Map();
  const slack = captionSlack(cy.zoom());
  const tall = CAPTION_PX * 1.3 + 2 * slack;
  for (const node of onScreen.sort((a, b) => b.degree() - a.degree())) {
    const caption = node.data('caption');
    if (!caption) continue;
    const { x, y, r, box: own } = circles.get(node.id());
    const half = captionWidth(caption) / 2;
    // Each place's box around the middle of the caption as the styles put it (see caption-*).
    const box = (cx, cy) => ({ x1: cx - half - slack, x2: cx + half + slack, y1: cy - tall / 2, y2: cy + tall / 2 });
    const boxes = {
      below: box(x, y + r + 2 + CAPTION_PX / 2),
      right: box(x + r + 3 + half, y),
      left: box(x - r - 3 - half, y),
      above: box(x, y - r - 2 - CAPTION_PX / 2),
    };
    const place = CAPTION_PLACES.find((name) => free(boxes[name], own));
    if (place) {
      take(boxes[place]);
      shown.set(node.id(), place);
    }
  }
  return shown;
}

/** Layout options by name; `geo` is computed from point properties (see `geoPositions`). */
const LAYOUTS = {
  cose: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 2500, idealEdgeLength: () => 40, padding: 30 },
  concentric: { name: 'concentric', concentric: (node) => node.degree(), levelWidth: () => 2, minNodeSpacing: 18, padding: 30 },
  circle: { name: 'circle', padding: 30 },
  grid: { name: 'grid', padding: 30 },
};

/**
 * Positions from the nodes' WGS-84 points (longitude east, latitude north, scaled so that the
 * drawing is about 640 units across); a node without a point goes to the middle of its placed
 * neighbours, or onto a row below the map.
 */
function geoPositions(cy, entities) {
  const located = new Map();
  cy.nodes().forEach((n) => {
    const at = locationOf(entities.get(n.id()));
    if (at) located.set(n.id(), at);
  });
  const positions = new Map();
  if (located.size > 0) {
    const lons = [...located.values()].map(([lon]) => lon);
    const lats = [...located.values()].map(([, lat]) => lat);
    const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
    const kx = Math.cos((midLat * Math.PI) / 180);
    const span = Math.max((Math.max(...lons) - Math.min(...lons)) * kx, Math.max(...lats) - Math.min(...lats), 1e-9);
    const scale = 640 / span;
    for (const [id, [lon, lat]] of located) positions.set(id, { x: lon * kx * scale, y: -lat * scale });
  }
  const ys = [...positions.values()].map((p) => p.y);
  const bottom = ys.length ? Math.max(...ys) + 120 : 0;
  let spare = 0;
  cy.nodes().forEach((n) => {
    if (positions.has(n.id())) return;
    const placed = n.neighborhood('node').filter((m) => positions.has(m.id()));
    if (placed.length > 0) {
      const sum = placed.reduce((acc, m) => ({ x: acc.x + positions.get(m.id()).x, y: acc.y + positions.get(m.id()).y }), { x: 0, y: 0 });
      const turn = positions.size * 2.4;
      positions.set(n.id(), { x: sum.x / placed.length + 40 * Math.cos(turn), y: sum.y / placed.length + 40 * Math.sin(turn) });
    } else {
      positions.set(n.id(), { x: (spare++) * 60, y: bottom });
    }
  });
  return positions;
}

export class GraphView {
  #cy;
  #maxNodes;
  /** Drawn and queued nodes and relationships by cytoscape id, for the inspector. */
  #entities = new Map();
  #queuedNodes = new Map();
  /** Relationships waiting for both their nodes to be drawn. */
  #waiting = new Map();
  /** Nodes left out because of the limit. */
  #leftOut = new Set();
  #placed = 0;
  /** The pending animation frame that places the captions again, or 0. */
  #captionFrame = 0;
  /** The zoom the captions' size was last set for. */
  #captionZoom = 1;

  /**
   * @param {HTMLElement} container
   * @param {object} options
   * @param {number} options.maxNodes the most nodes drawn
   * @param {function(?object): void} options.onSelect gets the selected Node or Relationship, or null
   * @param {function(object): void} options.onExpand gets the Node whose neighbours are wanted
   *   (on a double click, or Enter on the selected node)
   * @param {function(object): void} options.onPin gets a Node pinned or unpinned
   */
  constructor(container, { maxNodes, onSelect, onExpand, onPin }) {
    this.#maxNodes = maxNodes;
    this.onExpand = onExpand;
    this.onPin = onPin;
    this.#cy = cytoscape({ container, style: styleFor(() => this.#captionZoom), minZoom: 0.05, maxZoom: 4 });
    // The drawing follows its panel's size (the window's, or the layout's as it changes).
    new ResizeObserver(() => {
      this.#cy.resize();
      this.#scheduleCaptions();
    }).observe(container);
    container.addEventListener('keydown', (event) => this.#onKey(event));
    const cy = this.#cy;
    cy.on('select', 'node, edge', (event) => onSelect(this.#entities.get(event.target.id())));
    cy.on('unselect', 'node, edge', () => {
      if (cy.$(':selected').length === 0) onSelect(null);
    });
    cy.on('dblclick', 'node', (event) => onExpand(this.#entities.get(event.target.id())));
    // A node dragged somewhere stays there: it is pinned.
    cy.on('dragfree', 'node', (event) => this.#pin(event.target, true));
    cy.on('mouseover', 'node', (event) => event.target.addClass('hover'));
    cy.on('mouseout', 'node', (event) => event.target.removeClass('hover'));
    cy.on('viewport add remove position', () => this.#scheduleCaptions());
  }

  /**
   * The keyboard in the graph: the arrow keys select the next or previous node (then
   * relationship), Home and End the first and last, Escape clears the selection, + and - zoom,
   * Enter expands the selected node and P pins or unpins it.
   */
  #onKey(event) {
    const cy = this.#cy;
    const items = cy.nodes().add(cy.edges()).toArray();
    const selected = cy.$(':selected')[0];
    const at = selected ? items.findIndex((item) => item.same(selected)) : -1;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    let next = null;
    if (step && items.length) next = items[at < 0 ? (step > 0 ? 0 : items.length - 1) : (at + step + items.length) % items.length];
    else if (event.key === 'Home' || event.key === 'End') next = items[event.key === 'Home' ? 0 : items.length - 1] ?? null;
    if (next) {
      cy.$(':selected').unselect();
      next.select();
      const box = next.renderedBoundingBox();
      if (box.x1 < 0 || box.y1 < 0 || box.x2 > cy.width() || box.y2 > cy.height()) cy.center(next);
    } else if (event.key === 'Escape') {
      cy.$(':selected').unselect();
    } else if (event.key === '+' || event.key === '-') {
      const factor = event.key === '+' ? 1.25 : 0.8;
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    } else if (selected?.isNode() && event.key === 'Enter') {
      this.onExpand(this.#entities.get(selected.id()));
    } else if (selected?.isNode() && (event.key === 'p' || event.key === 'P')) {
      this.#pin(selected, !selected.hasClass('pinned'));
    } else {
      return;
    }
    event.preventDefault();
  }

  /** The cytoscape instance (for tests and the browser console). */
  get cy() {
    return this.#cy;
  }

  /** Places the captions again on the next animation frame (after a zoom, pan or change). */
  #scheduleCaptions() {
    this.#captionFrame ||= requestAnimationFrame(() => {
      this.#captionFrame = 0;
      // Sized for the new zoom: CAPTION_PX on screen.
      if (this.#captionZoom !== this.#cy.zoom()) {
        this.#captionZoom = this.#cy.zoom();
        this.#cy.style().update();
      }
      const shown = placeCaptions(this.#cy);
      this.#cy.batch(() => this.#cy.nodes().forEach((n) => {
        const place = shown.get(n.id());
        n.removeClass('captioned caption-above caption-right caption-left');
        if (place) n.addClass(place === 'below' ? 'captioned' : `captioned caption-${place}`);
      }));
    });
  }

  /** Removes everything drawn and queued. */
  clear() {
    this.#cy.elements().remove();
    this.#entities.clear();
    this.#queuedNodes.clear();
    this.#waiting.clear();
    this.#leftOut.clear();
    this.#placed = 0;
  }

  /**
   * What is drawn, with the places of the nodes and the zoom, for `restore` (a frame keeps its
   * graph this way while another frame's is shown).
   */
  snapshot() {
    const cy = this.#cy;
    return {
      elements: cy.elements().jsons().map((json) => ({ ...json, selected: false })),
      entities: new Map(this.#entities),
      waiting: new Map(this.#waiting),
      leftOut: new Set(this.#leftOut),
      placed: this.#placed,
      viewport: { zoom: cy.zoom(), pan: { ...cy.pan() } },
    };
  }

  /** Draws what `snapshot` returned (or nothing, with null), in the colours chosen now. */
  restore(snapshot) {
    this.clear();
    if (!snapshot) return;
    this.#entities = new Map(snapshot.entities);
    this.#waiting = new Map(snapshot.waiting);
    this.#leftOut = new Set(snapshot.leftOut);
    this.#placed = snapshot.placed;
    this.#cy.add(snapshot.elements);
    this.#cy.resize();
    this.#cy.viewport(snapshot.viewport);
    this.restyle();
  }

  /** Queues the nodes, relationships and paths in a record's values (lists and maps included). */
  collect(record) {
    for (const value of record.values()) this.#walk(value);
  }

  #walk(value) {
    if (value === null || typeof value !== 'object') return;
    if (neo4j.isNode(value)) {
      this.#queueNode(value);
    } else if (neo4j.isRelationship(value)) {
      const id = `r:${value.elementId}`;
      if (!this.#entities.has(id) && !this.#waiting.has(id)) this.#waiting.set(id, value);
    } else if (neo4j.isPath(value)) {
      this.#queueNode(value.start);
      for (const segment of value.segments) {
        this.#queueNode(segment.end);
        this.#walk(segment.relationship);
      }
    } else if (Array.isArray(value)) {
      for (const item of value) this.#walk(item);
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      for (const item of Object.values(value)) this.#walk(item);
    }
  }

  #queueNode(node) {
    const id = `n:${node.elementId}`;
    if (this.#entities.has(id) || this.#queuedNodes.has(id) || this.#leftOut.has(id)) return;
    if (this.nodeCount + this.#queuedNodes.size >= this.#maxNodes) {
      this.#leftOut.add(id);
    } else {
      this.#queuedNodes.set(id, node);
    }
  }

  /**
   * Draws what was queued since the last flush; returns whether anything new was drawn. New
   * nodes spread out around the middle until the layout runs or, with `around` (a drawn node's
   * element id), on a ring around that node.
   */
  flush(around = null) {
    const added = [];
    const centre = around === null ? null : this.#cy.getElementById(`n:${around}`).position();
    const ring = this.#queuedNodes.size;
    let i = 0;
    for (const [id, node] of this.#queuedNodes) {
      this.#entities.set(id, node);
      let position;
      if (centre) {
        const turn = (2 * Math.PI * i++) / ring;
        const radius = 60 + 4 * ring;
        position = { x: centre.x + radius * Math.cos(turn), y: centre.y + radius * Math.sin(turn) };
      } else {
        // A sunflower spiral.
        const turn = this.#placed * 2.39996;
        const radius = 14 * Math.sqrt(this.#placed++);
        position = { x: radius * Math.cos(turn), y: radius * Math.sin(turn) };
      }
      added.push({ group: 'nodes', data: { id, ...this.#look(node) }, position });
    }
    this.#queuedNodes.clear();
    for (const [id, rel] of this.#waiting) {
      const [source, target] = [`n:${rel.startNodeElementId}`, `n:${rel.endNodeElementId}`];
      if (!this.#entities.has(source) || !this.#entities.has(target)) continue;
      this.#entities.set(id, rel);
      this.#waiting.delete(id);
      added.push({ group: 'edges', data: { id, source, target, type: rel.type } });
    }
    if (added.length) this.#cy.add(added);
    return added.length > 0;
  }

  /** A node's caption and colour as chosen for its first label (see label-styles.js). */
  #look(node) {
    return { caption: nodeCaption(node), colour: node.labels.length ? colourOf(node.labels[0]) : NO_LABEL_COLOUR };
  }

  /** Applies the captions and colours chosen for the labels to every drawn node. */
  restyle() {
    this.#cy.batch(() => this.#cy.nodes().forEach((n) => n.data(this.#look(this.#entities.get(n.id())))));
    this.#scheduleCaptions();
  }

  /** The caption of a drawn node, or its element id when it is not drawn. */
  nodeCaption(elementId) {
    const node = this.#entities.get(`n:${elementId}`);
    return node ? captionOf(node) : elementId;
  }

  /** Pins the drawn node with this element id where it is, or unpins it. */
  setPinned(elementId, pinned) {
    this.#pin(this.#cy.getElementById(`n:${elementId}`), pinned);
  }

  #pin(node, pinned) {
    if (node.empty() || node.hasClass('pinned') === pinned) return;
    if (pinned) node.addClass('pinned');
    else node.removeClass('pinned');
    this.onPin(this.#entities.get(node.id()));
  }

  /** Whether the node with this element id is pinned. */
  isPinned(elementId) {
    return this.#cy.getElementById(`n:${elementId}`).hasClass('pinned');
  }

  /** Number of nodes drawn. */
  get nodeCount() {
    return this.#cy.nodes().length;
  }

  /** Number of relationships drawn. */
  get relationshipCount() {
    return this.#cy.edges().length;
  }

  /** What could not be drawn: nodes over the limit, relationships whose nodes are not drawn. */
  get omitted() {
    return { nodes: this.#leftOut.size, relationships: this.#waiting.size };
  }

  /** Labels and relationship types drawn, with their counts, colours and (labels) property keys. */
  legend() {
    const labels = new Map();
    const types = new Map();
    for (const entity of this.#entities.values()) {
      if (neo4j.isNode(entity)) {
        const label = entity.labels[0] ?? null;
        if (!labels.has(label)) labels.set(label, { count: 0, keys: new Set() });
        const entry = labels.get(label);
        entry.count += 1;
        for (const key of Object.keys(entity.properties)) entry.keys.add(key);
      } else {
        types.set(entity.type, (types.get(entity.type) ?? 0) + 1);
      }
    }
    return {
      labels: [...labels].map(([label, { count, keys }]) => ({
        label, count, colour: label === null ? NO_LABEL_COLOUR : colourOf(label), keys: [...keys].sort(),
      })),
      types: [...types].map(([type, count]) => ({ type, count })),
    };
  }

  /** Whether any drawn node has a WGS-84 point (the geographic layout is useful). */
  hasLocations() {
    return this.#cy.nodes().some((n) => locationOf(this.#entities.get(n.id())) !== null);
  }

  /** Arranges the drawn graph with the named layout (see the page's layout menu); pinned nodes stay. */
  layout(name) {
    const cy = this.#cy;
    if (cy.nodes().length === 0) return;
    cy.resize();
    const pinned = cy.nodes('.pinned').map((n) => [n, { ...n.position() }]);
    let layout;
    if (name === 'geo' && this.hasLocations()) {
      const positions = geoPositions(cy, this.#entities);
      layout = cy.layout({ name: 'preset', positions: (n) => positions.get(n.id()), padding: 30 });
    } else {
      layout = cy.layout(LAYOUTS[name] ?? LAYOUTS.cose);
    }
    layout.one('layoutstop', () => {
      for (const [node, position] of pinned) node.position(position);
    });
    layout.run();
  }

  /** Re-measures the container (after it was hidden) and fits the drawing into it. */
  refresh() {
    this.#cy.resize();
    this.#cy.fit(undefined, 30);
  }

  /**
   * The drawing as an SVG document: every node with its colour and caption, every
   * relationship as a straight arrow with its type, where they are placed now.
   */
  toSvg() {
    const cy = this.#cy;
    const escape = (text) => String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const round = (n) => Math.round(n * 10) / 10;
    const box = cy.elements().boundingBox({ includeLabels: false });
    const pad = 40;
    const [x, y, w, h] = [box.x1 - pad, box.y1 - pad, box.w + 2 * pad, box.h + 2 * pad].map(round);
    const parts = [
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x} ${y} ${w} ${h}" width="${w}" height="${h}" font-family="${CAPTION_FONT}">`,
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
        + '<path d="M0,0L10,5L0,10z" fill="#a5abb6"/></marker></defs>',
      `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#ffffff"/>`,
      '<g class="relationships" stroke="#a5abb6" stroke-width="1.6">',
    ];
    const labels = [];
    cy.edges().forEach((edge) => {
      const s = edge.source().position();
      const t = edge.target().position();
      const type = escape(edge.data('type'));
      if (edge.isLoop()) {
        parts.push(`<circle class="relationship" cx="${round(s.x)}" cy="${round(s.y - NODE_RADIUS - 8)}" r="9" fill="none"><title>${type}</title></circle>`);
        labels.push(`<text x="${round(s.x)}" y="${round(s.y - NODE_RADIUS - 20)}">${type}</text>`);
        return;
      }
      const length = Math.hypot(t.x - s.x, t.y - s.y) || 1;
      const [ux, uy] = [(t.x - s.x) / length, (t.y - s.y) / length];
      parts.push(`<line class="relationship" x1="${round(s.x + ux * NODE_RADIUS)}" y1="${round(s.y + uy * NODE_RADIUS)}" `
        + `x2="${round(t.x - ux * NODE_RADIUS)}" y2="${round(t.y - uy * NODE_RADIUS)}" marker-end="url(#arrow)"><title>${type}</title></line>`);
      labels.push(`<text x="${round((s.x + t.x) / 2)}" y="${round((s.y + t.y) / 2 - 3)}">${type}</text>`);
    });
    parts.push('</g>', '<g class="types" font-size="8" fill="#5b6475" text-anchor="middle">', ...labels, '</g>',
      '<g class="nodes" font-size="11" fill="#1d2433" text-anchor="middle">');
    cy.nodes().forEach((node) => {
      const { x: cx, y: cy_ } = node.position();
      const caption = escape(node.data('caption'));
      parts.push(`<g class="node"><circle cx="${round(cx)}" cy="${round(cy_)}" r="${NODE_RADIUS}" fill="${node.data('colour')}" `
        + `stroke="${node.hasClass('pinned') ? '#1d2433' : '#ffffff'}" stroke-width="1.5"/>`
        + `<text x="${round(cx)}" y="${round(cy_ + NODE_RADIUS + 12)}">${caption}</text></g>`);
    });
    parts.push('</g>', '</svg>');
    return parts.join('\n');
  }
}
