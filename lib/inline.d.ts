// Types of the entry with the core inlined: the package's API (index.d.ts), default export included.

export * from './index.js';
export { default } from './index.js';
