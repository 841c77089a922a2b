// How the nodes of each label look in the graph: their colour and the property that captions
// them. Colours come from a palette in the order labels are first seen, unless the user chose
// one in the legend; the user's choices are kept in localStorage, so they last across visits.
import { captionOf, formatValue } from './values.js';

const KEY = 'neo4j-wasm-explorer.label-styles';

/** Node colours, handed to labels in the order they are first seen. */
const PALETTE = ['#4c8eda', '#f16667', '#57c7e3', '#f79767', '#8dcc93', '#c990c0', '#ffc454', '#da7194',
  '#569480', '#d9c8ae', '#6d7fcc', '#a5abb6'];
/** The colour of nodes without a label. */
export const NO_LABEL_COLOUR = '#a5abb6';

const assigned = new Map();
/** The user's choices: `{ [label]: { colour?, caption? } }`. */
let chosen = load();

function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY));
    return stored && typeof stored === 'object' && !Array.isArray(stored) ? stored : {};
  } catch {
    return {};
  }
}

/** The colour of a label's nodes: the user's choice, else one of the palette's. */
export function colourOf(label) {
  if (chosen[label]?.colour) return chosen[label].colour;
  if (!assigned.has(label)) assigned.set(label, PALETTE[assigned.size % PALETTE.length]);
  return assigned.get(label);
}

/** The property key the user chose to caption a label's nodes, or null (a name-like one). */
export function captionKeyOf(label) {
  return chosen[label]?.caption ?? null;
}

/**
 * The caption of a node: the property chosen for its first label (empty when the node lacks
 * it), else a name-like property (see `captionOf`).
 */
export function nodeCaption(node) {
  const key = node.labels.length ? captionKeyOf(node.labels[0]) : null;
  if (key === null) return captionOf(node);
  const value = node.properties[key];
  return value === undefined || value === null ? '' : formatValue(value);
}

/**
 * Stores the user's choice for a label: `colour` (#rrggbb) and `caption` (a property key, or
 * null for the automatic caption). Returns whether it could be stored.
 */
export function setLabelStyle(label, { colour, caption }) {
  chosen = { ...chosen, [label]: { colour, caption } };
  try {
    localStorage.setItem(KEY, JSON.stringify(chosen));
    return true;
  } catch {
    // Storage may be full or disabled: the choice lasts as long as the page.
    return false;
  }
}
