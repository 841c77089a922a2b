// How the bench's tools run wasm-opt on a module the way scripts/build.sh does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The build's wasm-opt options and feature flags, read from scripts/build.sh so that both agree. */
export function wasmOptArgs() {
  const script = readFileSync(path.join(ROOT, 'scripts/build.sh'), 'utf8');
  return ['WASM_OPT_FLAGS', 'WASM_OPT_FEATURES'].flatMap((name) => {
    const list = script.match(new RegExp(`${name}=\\(([^)]*)\\)`));
    if (!list) throw new Error(`scripts/build.sh: ${name} not found`);
    return list[1].split(/\s+/).filter(Boolean);
  });
}

/** wasm-opt as installed by scripts/setup.sh. */
export const WASM_OPT = path.join(ROOT, 'node_modules/.bin/wasm-opt');
