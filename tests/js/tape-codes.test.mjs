// The tapes between the core and the JS layer are written on one side and read on the other,
// each side with its own copy of the tags: values from the server (src/packstream/tape.rs, read
// by lib/tape.js) and parameters (lib/parameters.js, read by src/packstream/parameter_tape.rs).
// Both copies must name the same tags with the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const source = (file) => readFileSync(path.join(ROOT, file), 'utf8');

/** The `pub const NAME: i32 = N;` entries of a Rust file's `pub mod op { ... }`. */
function rustTags(file) {
  const body = source(file).match(/pub mod op \{([\s\S]*?)\n\}/)?.[1];
  assert.ok(body, `${file} has a pub mod op`);
  return Object.fromEntries([...body.matchAll(/pub const (\w+): i32 = (-?\d+);/g)].map((m) => [m[1], Number(m[2])]));
}

/** The top-level `const NAME = N;` entries of a JS file whose names are all capitals. */
function jsTags(file, names) {
  const found = Object.fromEntries([...source(file).matchAll(/^const ([A-Z0-9_]+) = (-?\d+);$/gm)]
    .map((m) => [m[1], Number(m[2])]));
  return Object.fromEntries(Object.entries(found).filter(([name]) => names.includes(name)));
}

for (const [rust, js] of [['src/packstream/tape.rs', 'lib/tape.js'],
  ['src/packstream/parameter_tape.rs', 'lib/parameters.js']]) {
  test(`${js} and ${rust} give every tag the same number`, () => {
    const tags = rustTags(rust);
    assert.ok(Object.keys(tags).length >= 18, `${rust}: tags found`);
    assert.deepEqual(jsTags(js, Object.keys(tags)), tags);
  });
}
