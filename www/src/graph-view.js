// The graph view: draws the nodes, relationships and paths found in result records with
// cytoscape, each node and relationship once (by element id), nodes coloured by their first
// label and captioned by a name-like property. Records are collected as they stream in and
// drawn in batches (`flush`), up to a limit of nodes.
import cytoscape from 'cytoscape';
import neo4j from 'neo4j-wasm';
import { captionOf, locationOf } from './values.js';

/** Node colours, handed to labels in the order they are first seen. */
const PALETTE = ['#4c8eda', '#f16667', '#57c7e3', '#f79767', '#8dcc93', '#c990c0', '#ffc454', '#da7194',
  '#569480', '#d9c8ae', '#6d7fcc', '#a5abb6'];
const labelColours = new Map();

/** The colour of a label (the same one for the whole visit). */
export function colourOf(label) {
  if (!labelColours.has(label)) labelColours.set(label, PALETTE[labelColours.size % PALETTE.length]);
  return labelColours.get(label);
}

const STYLE = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)', 'border-width': 1.5, 'border-color': '#ffffff',
      width: 22, height: 22, label: 'data(caption)', 'font-size': 11, color: '#1d2433',
      'text-valign': 'bottom', 'text-margin-y': 3, 'text-wrap': 'ellipsis', 'text-max-width': '100px',
      'text-background-color': '#ffffff', 'text-background-opacity': 0.75, 'text-background-padding': '1px',
    },
  },
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
  { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#1a5fb4' } },
  { selector: 'edge:selected', style: { width: 3, 'line-color': '#1a5fb4', 'target-arrow-color': '#1a5fb4' } },
];

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

  /**
   * @param {HTMLElement} container
   * @param {{maxNodes: number, onSelect: function(?object): void}} options `onSelect` gets the
   *   selected Node or Relationship, or null
   */
  constructor(container, { maxNodes, onSelect }) {
    this.#maxNodes = maxNodes;
    this.#cy = cytoscape({ container, style: STYLE, minZoom: 0.05, maxZoom: 4 });
    // The drawing follows its panel's size (the window's, or the layout's as it changes).
    new ResizeObserver(() => this.#cy.resize()).observe(container);
    container.addEventListener('keydown', (event) => this.#onKey(event));
    this.#cy.on('select', 'node, edge', (event) => onSelect(this.#entities.get(event.target.id())));
    this.#cy.on('unselect', 'node, edge', () => {
      if (this.#cy.$(':selected').length === 0) onSelect(null);
    });
  }

  /**
   * The keyboard in the graph: the arrow keys select the next or previous node (then
   * relationship), Home and End the first and last, Escape clears the selection, + and - zoom.
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
    } else {
      return;
    }
    event.preventDefault();
  }

  /** The cytoscape instance (for tests and the browser console). */
  get cy() {
    return this.#cy;
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

  /** Draws what was queued since the last flush; returns whether anything new was drawn. */
  flush() {
    const added = [];
    for (const [id, node] of this.#queuedNodes) {
      this.#entities.set(id, node);
      // A sunflower spiral: new nodes spread out around the middle until the layout runs.
      const turn = this.#placed * 2.39996;
      const radius = 14 * Math.sqrt(this.#placed++);
      added.push({
        group: 'nodes',
        data: { id, caption: captionOf(node), colour: node.labels.length ? colourOf(node.labels[0]) : '#a5abb6' },
        position: { x: radius * Math.cos(turn), y: radius * Math.sin(turn) },
      });
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

  /** The caption of a drawn node, or its element id when it is not drawn. */
  nodeCaption(elementId) {
    const node = this.#entities.get(`n:${elementId}`);
    return node ? captionOf(node) : elementId;
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

  /** Labels and relationship types drawn, with their counts and colours. */
  legend() {
    const labels = new Map();
    const types = new Map();
    for (const entity of this.#entities.values()) {
      if (neo4j.isNode(entity)) {
        const label = entity.labels[0] ?? '(no label)';
        labels.set(label, (labels.get(label) ?? 0) + 1);
      } else {
        types.set(entity.type, (types.get(entity.type) ?? 0) + 1);
      }
    }
    return {
      labels: [...labels].map(([label, count]) => ({ label, count, colour: colourOf(label) })),
      types: [...types].map(([type, count]) => ({ type, count })),
    };
  }

  /** Whether any drawn node has a WGS-84 point (the geographic layout is useful). */
  hasLocations() {
    return this.#cy.nodes().some((n) => locationOf(this.#entities.get(n.id())) !== null);
  }

  /** Arranges the drawn graph with the named layout (see the page's layout menu). */
  layout(name) {
    if (this.#cy.nodes().length === 0) return;
    this.#cy.resize();
    if (name === 'geo' && this.hasLocations()) {
      const positions = geoPositions(this.#cy, this.#entities);
      this.#cy.layout({ name: 'preset', positions: (n) => positions.get(n.id()), padding: 30 }).run();
    } else {
      this.#cy.layout(LAYOUTS[name] ?? LAYOUTS.cose).run();
    }
  }

  /** Re-measures the container (after it was hidden) and fits the drawing into it. */
  refresh() {
    this.#cy.resize();
    this.#cy.fit(undefined, 30);
  }
}
