// Types of the entry module for Node: the package's API (index.d.ts), default export included.

export * from './index.js';
export { default } from './index.js';
