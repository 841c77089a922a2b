// The Cypher editor: CodeMirror 6 with @neo4j-cypher/codemirror's Cypher support (highlighting,
// bracket matching and closing, autocomplete of keywords and of the schema it is given), plus
// the page's keys (Ctrl+Enter runs, Ctrl+↑/↓ walk the history), a marker at the position of
// the server's error, and no stray empty line after text put in over the whole document.
import { createCypherEditor } from '@neo4j-cypher/codemirror';
import '@neo4j-cypher/codemirror/css/cypher-codemirror.css';
import { StateEffect, StateField } from '@codemirror/state';
import { Decoration, EditorView, keymap } from '@codemirror/view';

/** Sets the error marker (`{ from, to, message }`) or, with null, removes it. */
const setErrorMark = StateEffect.define();

/** The server's error marker; any edit removes it. */
const errorMarkField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) {
      if (!effect.is(setErrorMark)) continue;
      if (!effect.value) return Decoration.none;
      const { from, to, message } = effect.value;
      return Decoration.set([Decoration.mark({ class: 'cm-server-error', attributes: { title: message } }).range(from, to)]);
    }
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * Text that replaces the whole document through the page's DOM (the browser's own select-all
 * and then typing, pasting or dropping) ends with a line break nobody typed: the browser keeps
 * the last line's element, which the editor reads as an empty line. It is left out.
 */
const noStrayLastLine = EditorView.inputHandler.of((view, from, to, text) => {
  if (view.composing || from !== 0 || to !== view.state.doc.length || text.length < 2 || !text.endsWith('\n')) return false;
  const insert = text.slice(0, -1);
  view.dispatch({ changes: { from, to, insert }, selection: { anchor: insert.length }, userEvent: 'input.type', scrollIntoView: true });
  return true;
});

/**
 * The position a server's error names, as `{ line, column }` (both from 1), or null: Neo4j's
 * GQL diagnostic record, else "line L, column C" (Neo4j) or "line L, col C" (kglite) in the
 * message.
 */
export function errorPosition(error) {
  const at = error?.diagnosticRecord?._position;
  if (at?.line && at?.column) return { line: Number(at.line), column: Number(at.column) };
  const match = /line (\d+), col(?:umn)? (\d+)/.exec(error?.message ?? '');
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

/**
 * Creates the editor in `parent`. `onRun()` is called on Ctrl+Enter. `history()` returns the
 * earlier runs (`{ query, params }`), newest first, that Ctrl+↑ and Ctrl+↓ step through, and
 * `onRecall(entry)` is told of each one recalled (with `{ query }` alone when back at the text
 * that was being written). The editable element gets `attributes` (its id and accessible name).
 */
export function createEditor(parent, { value = '', onRun, history, onRecall, attributes }) {
  // Where Ctrl+↑/↓ stand in the history: -1 is the text being written, kept in `draft`.
  let step = -1;
  let draft = '';
  let recalling = false;
  const text = () => api.codemirror.state.doc.toString();
  const show = (query) => {
    recalling = true;
    api.setValue(query);
    api.setPosition(query.length);
    recalling = false;
  };
  const walk = (by) => {
    const entries = history();
    const next = Math.min(Math.max(step + by, -1), entries.length - 1);
    if (next === step) return true;
    if (step === -1) draft = text();
    step = next;
    const entry = step === -1 ? { query: draft } : entries[step];
    show(entry.query);
    onRecall(entry);
    return true;
  };
  const keys = keymap.of([
    { key: 'Mod-Enter', run: () => { onRun(); return true; } },
    { key: 'Ctrl-ArrowUp', run: () => walk(1) },
    { key: 'Ctrl-ArrowDown', run: () => walk(-1) },
  ]);
  const { editor: api } = createCypherEditor(parent, {
    value,
    autofocus: false,
    // Tab moves the focus on, as everywhere else on the page.
    tabKey: false,
    lineWrapping: true,
    cursorWide: false,
    // The server's errors are marked, not those of the package's older grammar.
    lint: false,
    theme: 'light',
    lineNumberFormatter: (line) => String(line),
    preExtensions: [keys, errorMarkField, noStrayLastLine, EditorView.contentAttributes.of(attributes)],
  });
  // Typing leaves the history.
  api.onValueChanged(() => {
    if (!recalling) step = -1;
  });

  return {
    /** The editor's text. */
    get value() { return text(); },
    set value(query) { show(query); step = -1; },
    /** Moves the keyboard focus into the editor. */
    focus: () => api.focus(),
    /** The labels, relationship types and property keys that autocomplete offers. */
    setSchema: ({ labels, relationshipTypes, propertyKeys }) => api.setSchema({ labels, relationshipTypes, propertyKeys }),
    /**
     * Marks the character at `{ line, column }` (the server's error position) with `message`,
     * and puts the cursor there; with null, removes the marker.
     */
    markError(position, message = '') {
      const view = api.codemirror;
      if (!position) {
        view.dispatch({ effects: setErrorMark.of(null) });
        return;
      }
      const { doc } = view.state;
      const line = doc.line(Math.min(Math.max(position.line, 1), doc.lines));
      const from = Math.min(line.from + Math.max(position.column - 1, 0), line.to);
      // An error at the end of a line marks its last character.
      const start = from === line.to && from > line.from ? from - 1 : from;
      const to = Math.min(start + 1, line.to);
      view.dispatch({ effects: setErrorMark.of(to > start ? { from: start, to, message } : null), selection: { anchor: from } });
    },
  };
}
