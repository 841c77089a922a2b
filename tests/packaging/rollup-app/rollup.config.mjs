// The Rollup fixture's config: node-resolve finds the package in node_modules; nothing else.
// Two builds: one of the inlined entry, one of the main entry (whose .wasm the test copies
// into dist/copy/ afterwards, as an application's build script would).
import { nodeResolve } from '@rollup/plugin-node-resolve';

export default ['inline', 'copy'].map((name) => ({
  input: `${name}.js`,
  output: { dir: `dist/${name}`, format: 'es' },
  plugins: [nodeResolve()],
}));
