// TypeScript using the entries that load the core differently, type-checked (never run) with
// `tsc --strict` against the installed package.
import neo4j, { initCore, type Driver } from 'neo4j-wasm/init';
import inlined from 'neo4j-wasm/inline';

/** A driver once the core is loaded from what the runtime gives. */
export async function connect(source: WebAssembly.Module | ArrayBuffer | Response | string | URL): Promise<Driver> {
  await initCore(source);
  await initCore(fetch(new URL('neo4j_wasm_bg.wasm', 'https://example.com/assets/')));
  return neo4j.driver('bolt://localhost:7687', neo4j.auth.basic('neo4j', 'secret'));
}

export const fromInlined: Driver = inlined.driver('bolt://localhost:7687', inlined.auth.basic('neo4j', 'secret'));
