// A Node child process that runs one driver's operations (bench/workload.mjs) on request, so
// that each driver keeps its own warm JIT and heap: `fork('node-worker.mjs', [driver])`, then
// messages `{ id, op, args }` answered with `{ id, result }` or `{ id, error }`. The driver
// `raw` offers the bare Bolt client's operations (bench/raw-bolt.mjs) instead.
import net from 'node:net';
import { operations, summarize } from './workload.mjs';
import { rawDrain, rawLatency, webSocketPipe } from './raw-bolt.mjs';
import { importWithCoreMemory } from '../scripts/core-memory.mjs';

/** What the official drivers' names load (`ours` and `base` are loaded with their core's memory). */
const MODULES = {
  official: 'neo4j-driver',
  lite: 'neo4j-driver-lite',
};

/** A raw-client pipe over TCP. */
function tcpPipe(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.once('error', reject);
    socket.once('connect', () => resolve((onData) => {
      socket.on('data', onData);
      return { send: (bytes) => socket.write(bytes), close: () => socket.destroy() };
    }));
  });
}

const rawAttach = ({ transport, port, wsUrl }) =>
  (transport === 'ws' ? webSocketPipe(wsUrl) : tcpPipe(port));

async function load(name) {
  if (name === 'raw') {
    return {
      latency: async (args) => rawLatency(await rawAttach(args), args.op, args.count, summarize),
      drain: async (args) => rawDrain(await rawAttach(args), args.shape, args.rows),
      close: async () => {},
    };
  }
  // `base`: another build of this package (bench/run.mjs --baseline), for an A/B comparison.
  const { neo4j, memory } = name === 'ours' || name === 'base'
    ? await importWithCoreMemory(name === 'base' ? process.env.NEO4J_WASM_BASELINE : null)
    : { neo4j: (await import(MODULES[name])).default, memory: null };
  const sampleMemory = () => {
    const { heapUsed, rss, external } = process.memoryUsage();
    return { heapUsed, rss, external };
  };
  return operations(neo4j, { memory, sampleMemory, gc: globalThis.gc });
}

const ops = await load(process.argv[2]);
process.on('message', async ({ id, op, args }) => {
  try {
    if (op === 'exit') {
      await ops.close();
      process.send({ id, result: null }, () => process.exit(0));
      return;
    }
    const cpu = process.cpuUsage();
    const result = await ops[op](args);
    const { user, system } = process.cpuUsage(cpu);
    process.send({ id, result, cpuMs: (user + system) / 1000 });
  } catch (error) {
    process.send({ id, error: String(error?.stack ?? error) });
  }
});
process.send({ ready: true });
