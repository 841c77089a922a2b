// The reactive API's entry (lib/rx.js, `neo4j-wasm/rx`): the main entries never load rxjs, a
// driver says what to import when the entry is missing, and what ours does where the official
// driver leaves a transaction open, waits forever or gives a different error (the differential
// suite compares the rest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { NEVER, Observable, concatWith, lastValueFrom, throwError } from 'rxjs';
import { RxSession } from '../../lib/rx.js';
import { neo4j, env, openDriver, boltUri } from './support.mjs';

const LIB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lib');

/** The bare specifiers (packages, built-ins) that `entry` imports, directly or through the
 * files it imports by relative path, statically or dynamically. */
function packagesImported(entry) {
  const seen = new Set();
  const packages = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.')) visit(path.resolve(path.dirname(file), fileName));
      else packages.add(fileName);
    }
  };
  visit(path.join(LIB, entry));
  return [...packages];
}

const isRxjs = (specifier) => specifier === 'rxjs' || specifier.startsWith('rxjs/');

test('the main entries import no rxjs, through any module they load; the Rx entry does', () => {
  for (const entry of ['index.js', 'node.js', 'browser.js']) {
    assert.deepEqual(packagesImported(entry).filter(isRxjs), [], `lib/${entry}`);
  }
  assert.ok(packagesImported('rx.js').some(isRxjs), 'lib/rx.js imports rxjs');
});

/** Makes `import 'rxjs'` fail, as in an application that did not install it. */
const WITHOUT_RXJS = `export async function resolve(specifier, context, next) {
  if (specifier === 'rxjs' || specifier.startsWith('rxjs/')) throw new Error('rxjs is not installed');
  return next(specifier, context);
}`;

test('without rxjs, the Node entry loads and works, and driver.rxSession() says what to import', async () => {
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(WITHOUT_RXJS)}));
    const { default: neo4j } = await import(${JSON.stringify(pathToFileURL(path.join(LIB, 'node.js')).href)});
    const driver = neo4j.driver(${JSON.stringify(boltUri(env.NEO4J_WASM_KGLITE))});
    const { records } = await driver.executeQuery('RETURN 1 AS one');
    const seen = { one: records[0].get('one').toNumber() };
    try { driver.rxSession(); } catch (error) { seen.rxSession = { code: error.code, message: error.message }; }
    await import(${JSON.stringify(pathToFileURL(path.join(LIB, 'rx.js')).href)}).catch((error) => { seen.rxEntry = error.message; });
    await driver.close();
    console.log(JSON.stringify(seen));`;
  const stdout = await new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], (error, out, err) => (error ? reject(new Error(err)) : resolve(out)));
  });
  const seen = JSON.parse(stdout);
  assert.equal(seen.one, 1);
  assert.equal(seen.rxSession.code, 'N/A');
  assert.match(seen.rxSession.message, /import 'neo4j-wasm\/rx'/);
  assert.match(seen.rxEntry, /rxjs is not installed/, 'the Rx entry itself needs rxjs');
});

const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE), neo4j.auth.none(),
  { maxTransactionRetryTime: 1500, disableLosslessIntegers: true });
const tag = () => `rx${Date.now()}${Math.random()}`;

async function count(t) {
  const { records } = await driver.executeQuery('MATCH (n:RxTest {tag: $t}) RETURN count(n) AS c', { t });
  return records[0].get('c');
}

test('with the Rx entry loaded, driver.rxSession() gives an RxSession of rxjs Observables', async () => {
  const session = driver.rxSession({ defaultAccessMode: neo4j.session.READ });
  assert.ok(session instanceof RxSession);
  const records = session.run('RETURN 1 AS one').records();
  assert.ok(records instanceof Observable);
  assert.equal((await lastValueFrom(records)).get('one'), 1);
  await session[Symbol.asyncDispose]();
});

test('unsubscribing from executeWrite rolls its transaction back, and the session goes on', async () => {
  const session = driver.rxSession();
  const t = tag();
  const created = new Promise((resolve) => {
    const subscription = session.executeWrite((tx) => tx.run('CREATE (n:RxTest {tag: $t}) RETURN n', { t }).records()
      .pipe(concatWith(NEVER))).subscribe(() => {
      subscription.unsubscribe();
      resolve();
    });
  });
  await created;
  assert.equal((await lastValueFrom(session.run('RETURN 2 AS two').records())).get('two'), 2);
  assert.equal(await count(t), 0);
  await lastValueFrom(session.close(), { defaultValue: null });
});

test('unsubscribing from paused records discards the rest: consume() gives the summary', async () => {
  const session = driver.rxSession({ fetchSize: 2 });
  const result = session.run('UNWIND range(1, 10) AS i RETURN i');
  result.pause();
  const seen = [];
  const subscription = result.records().subscribe((record) => seen.push(record.get('i')));
  await result.push();
  subscription.unsubscribe();
  const summary = await lastValueFrom(result.consume());
  assert.deepEqual(seen, [1, 2]);
  assert.equal(summary.queryType, 'r');
  await lastValueFrom(session.close(), { defaultValue: null });
});

test('executeWrite gives up as session.executeWrite does: with the last failure', async () => {
  const session = driver.rxSession();
  let attempts = 0;
  const failure = () => new neo4j.Neo4jError(`attempt ${attempts}`, 'Neo.TransientError.Transaction.DeadlockDetected');
  const work = session.executeWrite(() => {
    attempts += 1;
    return throwError(failure);
  });
  await assert.rejects(lastValueFrom(work), (error) => error.code === 'Neo.TransientError.Transaction.DeadlockDetected' &&
    error.message === `attempt ${attempts}` && attempts > 1);
  await lastValueFrom(session.close(), { defaultValue: null });
});
