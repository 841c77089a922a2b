// Types of the entry module for browsers and bundlers: the package's API (index.d.ts), default
// export included.

export * from './index.js';
export { default } from './index.js';
