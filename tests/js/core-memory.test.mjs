// The core's memory after results end, against kglite: a result gives back what the core held
// for it as soon as nothing more can be read from it, however it ended, instead of when the
// garbage collector gets round to its handle. The garbage collector does not see the core's
// memory, so finished results waiting for it could each keep a batch of records there, and
// the module's memory (which never shrinks) would grow with every query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { importWithCoreMemory } from '../../scripts/core-memory.mjs';

// Loaded before support.mjs, which would otherwise load the package first.
const { memory } = await importWithCoreMemory();
const { neo4j, env, openDriver, boltUri } = await import('./support.mjs');

/** 1 200 rows of about 110 bytes each: a first batch of 1 000 (the default fetchSize), and more. */
const QUERY = "UNWIND range(1, 1200) AS i RETURN i, 'a line of text that makes every record about a hundred bytes long, as rows often are' AS text";
const RESULTS = 1500;
/** Every one of the 1 500 results would hold 20–100 KB in the core if they waited for the GC. */
const ALLOWED_GROWTH = 6 << 20;

/** The ways a result ends before all its records were read. */
const ENDINGS = {
  'for await, left after the first record': async (result) => {
    for await (const record of result) {
      assert.equal(record.get('i').toNumber(), 1);
      break;
    }
  },
  'summary() before any record was read': async (result) => {
    assert.equal((await result.summary()).queryType, 'r');
  },
  'read whole': async (result) => {
    assert.equal((await result).records.length, 1200);
  },
};

/** Runs RESULTS results ended by `ending` and resolves with how much the core's memory grew. */
async function growthOver(ending) {
  const driver = openDriver(boltUri(env.NEO4J_WASM_KGLITE), neo4j.auth.none(), { maxConnectionPoolSize: 2 });
  const session = driver.session();
  try {
    // The first results grow the module to its working size.
    for (let i = 0; i < 20; i++) await ENDINGS[ending](session.run(QUERY));
    const before = memory.buffer.byteLength;
    for (let i = 0; i < RESULTS; i++) await ENDINGS[ending](session.run(QUERY));
    return memory.buffer.byteLength - before;
  } finally {
    await session.close();
  }
}

// The module's memory never shrinks, so each ending is measured in a process of its own: this
// file, forked with the ending to measure.
const measured = process.env.CORE_MEMORY_ENDING;
if (measured !== undefined) {
  test(`measures ${measured}`, async () => {
    process.send({ growth: await growthOver(measured) });
  });
} else {
  for (const ending of Object.keys(ENDINGS)) {
    test(`${RESULTS} results ended by ${ending} leave the core's memory flat`, { timeout: 300_000 }, async () => {
      const child = fork(fileURLToPath(import.meta.url), {
        env: { ...process.env, ...env, CORE_MEMORY_ENDING: ending },
        execArgv: ['--experimental-websocket'],
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const growth = await new Promise((resolve, reject) => {
        let reported = null;
        child.on('message', (message) => { reported = message.growth; });
        child.on('error', reject);
        child.on('exit', (code) => (reported === null
          ? reject(new Error(`the measuring process exited with ${code} before reporting`))
          : resolve(reported)));
      });
      assert.ok(growth <= ALLOWED_GROWTH, `the core's memory grew by ${growth} bytes over ${RESULTS} results`);
    });
  }
}

if (measured === undefined) test('records that arrived stay readable after summary(), and none after leaving for await early', async () => {
  const session = openDriver(boltUri(env.NEO4J_WASM_KGLITE), neo4j.auth.none()).session({ fetchSize: 2 });
  try {
    const summarised = session.run('UNWIND range(1, 5) AS i RETURN i');
    await summarised.summary();
    // The first batch had arrived (and the next one may have been on its way).
    const kept = (await summarised).records.map((r) => r.get('i').toNumber());
    assert.ok(kept.length >= 2, `${kept.length} records kept`);
    assert.deepEqual(kept, [1, 2, 3, 4, 5].slice(0, kept.length));

    const left = session.run('UNWIND range(1, 5) AS i RETURN i');
    for await (const record of left) {
      assert.equal(record.get('i').toNumber(), 1);
      break;
    }
    assert.deepEqual((await left).records, []);
    assert.equal(left.isOpen(), false);
  } finally {
    await session.close();
  }
});
