// Lets a test page's ES modules `import ... from 'rxjs'` (the reactive entry and the differential
// scenarios do): rxjs's own ES modules need a bundler, so an import map names a module that
// re-exports its UMD bundle, which the page loads before this script.
const rxjsModule = `export const { ${Object.keys(globalThis.rxjs).join(', ')} } = globalThis.rxjs;`;
const importMap = document.createElement('script');
importMap.type = 'importmap';
importMap.textContent = JSON.stringify({
  imports: { rxjs: URL.createObjectURL(new Blob([rxjsModule], { type: 'text/javascript' })) },
});
document.head.append(importMap);
