// Every exported name, method and option that neo4j-driver 6.3.0's type declarations make
// public gets a differential scenario (tests/differential/scenarios.mjs) or a reason in the
// README's list "Declarations without a scenario". The declarations are read with the
// TypeScript compiler: the package's exports, the public members of its classes, interfaces and
// objects (inherited ones included, built-in ones left out), and the fields of the config types
// (the options). Members that are private, protected, `@private` or named with a leading `_`
// are not public. A name counts as covered when a scenario spells it (as a word): a floor, not a
// proof, since a word can appear for another reason; the scenarios themselves check behaviour.
// Names that are types only (interfaces, type aliases, and the classes the declarations use as
// interfaces, which the official module does not export at runtime) have no behaviour to compare:
// their members (the options) count, the names themselves do not. Each official export must also
// be one of ours, or be listed with a reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import ours from '../../lib/node.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const OFFICIAL_TYPES = require.resolve('neo4j-driver/types/index.d.ts');
const official = require('neo4j-driver');
const SCENARIOS = fs.readFileSync(path.join(ROOT, 'tests/differential/scenarios.mjs'), 'utf8');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The README's list of declared names without a scenario, each with its reason: `Owner.member` or `name`. */
function listedInReadme() {
  const start = README.indexOf('Declarations without a scenario');
  assert.ok(start >= 0, 'the README has a list "Declarations without a scenario"');
  const end = README.indexOf('\n\n', README.indexOf('\n- ', start));
  const listed = new Map();
  for (const line of README.slice(start, end).split('\n- ').slice(1)) {
    const [names, reason] = line.split(/:\s(.+)/s);
    for (const name of names.match(/`[^`]+`/g) ?? []) listed.set(name.slice(1, -1), reason?.trim() ?? '');
  }
  return listed;
}

/** Public items of the official declarations: `name` for each export, `Owner.member` for members. */
function officialItems() {
  const program = ts.createProgram([OFFICIAL_TYPES], { strict: true, noEmit: true, types: [], lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
  const checker = program.getTypeChecker();
  const isPrivate = (symbol) => (symbol.declarations ?? []).some((d) =>
    ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) ||
    ts.getJSDocTags(d).some((tag) => tag.tagName.text === 'private'));
  const builtIn = (symbol) => (symbol.declarations ?? []).every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()));
  const memberName = (symbol) => /^__@(\w+)@\d+$/.exec(symbol.escapedName)?.[1] ?? symbol.name;
  const items = new Set();
  const entry = checker.getSymbolAtLocation(program.getSourceFile(OFFICIAL_TYPES));
  for (const exported of checker.getExportsOfModule(entry)) {
    if (exported.name === 'default') continue;
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (symbol.flags & ts.SymbolFlags.Value && official[exported.name] !== undefined) items.add(exported.name);
    const types = [];
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      types.push(checker.getDeclaredTypeOfSymbol(symbol));
    }
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Variable)) types.push(checker.getTypeOfSymbol(symbol));
    for (const type of types) {
      for (const member of checker.getPropertiesOfType(type)) {
        const name = memberName(member);
        if (name === 'prototype' || name.startsWith('_') || isPrivate(member) || builtIn(member)) continue;
        items.add(`${exported.name}.${name}`);
      }
    }
  }
  return items;
}

/** Whether the scenarios spell `word`. */
const inScenarios = (word) => new RegExp(`(?<![\\w$])${word.replace(/[$]/g, '\\$')}(?![\\w$])`).test(SCENARIOS);

test('every public name of the official declarations has a differential scenario or a reason in the README', () => {
  const listed = listedInReadme();
  const items = officialItems();
  const uncovered = [...items].filter((item) => !inScenarios(item.split('.').pop()) && !listed.has(item));
  assert.deepEqual(uncovered, [], 'declared by neo4j-driver 6.3, but in no scenario and not listed in the README');
  const unknown = [...listed.keys()].filter((item) => !items.has(item) && !(item in official));
  assert.deepEqual(unknown, [], 'listed in the README, but neither declared nor exported by neo4j-driver 6.3');
  const withoutReason = [...listed].filter(([, reason]) => reason.length < 10).map(([item]) => item);
  assert.deepEqual(withoutReason, [], 'listed in the README without a reason');
});

test('every value the official package exports is one of ours, or listed in the README', () => {
  const listed = listedInReadme();
  const missing = Object.keys(official)
    .filter((name) => official[name] !== undefined && !(name in ours) && !listed.has(name));
  assert.deepEqual(missing, [], 'exported by neo4j-driver 6.3, not by this package');
});
