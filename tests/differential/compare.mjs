// The comparison both runners make of a scenario's two observations (Node only).
import assert from 'node:assert/strict';

/** The places where two observations differ, as `path: ours …; official …` lines (or other names). */
function differences(ours, official, names, path = '', found = []) {
  const [a, b] = names;
  const plainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(ours) && Array.isArray(official)) {
    for (let i = 0; i < Math.max(ours.length, official.length); i++) {
      if (i >= ours.length) found.push(`${path}[${i}]: missing in ${a}; ${b} ${JSON.stringify(official[i])}`);
      else if (i >= official.length) found.push(`${path}[${i}]: ${a} ${JSON.stringify(ours[i])}; missing in ${b}`);
      else differences(ours[i], official[i], names, `${path}[${i}]`, found);
    }
  } else if (plainObject(ours) && plainObject(official)) {
    for (const key of new Set([...Object.keys(official), ...Object.keys(ours)])) {
      if (!(key in ours)) found.push(`${path}.${key}: missing in ${a}; ${b} ${JSON.stringify(official[key])}`);
      else if (!(key in official)) found.push(`${path}.${key}: ${a} ${JSON.stringify(ours[key])}; missing in ${b}`);
      else differences(ours[key], official[key], names, `${path}.${key}`, found);
    }
  } else if (!Object.is(ours, official)) {
    found.push(`${path || '(observation)'}: ${a} ${JSON.stringify(ours)}; ${b} ${JSON.stringify(official)}`);
  }
  return found;
}

/** Fails, listing where `actual` differs from `expected`, unless they are deep-equal. */
function assertSame(actual, expected, what, names = ['ours', 'official']) {
  const found = differences(actual, expected, names);
  if (found.length > 0) assert.fail(`${what} differs:\n${found.join('\n')}`);
}

/**
 * Asserts that ours saw what the official driver saw. The keys a scenario's `intended`
 * difference lists must hold exactly the documented behaviour of each driver; the rest must be
 * equal, except at the paths a scenario lists in `knownGaps`, where one driver lacks a member:
 * parts of neo4j-driver's API this package does not have yet (the README lists them among the
 * known differences), and members the official browser bundle lacks. A scenario that threw with the official driver is a broken scenario, not a difference.
 * A scenario's `intendedIn[runtime]`, when there is one, replaces its `intended` in that runtime
 * ('node' or 'browser'), for differences only one runtime has.
 * @param {{intended?: {why: string, official: object, ours: object}, intendedIn?: object, knownGaps?: string[]}} scenario
 * @param {object} official the observation with the official driver
 * @param {object} ours the observation with this package
 * @param {'node'|'browser'} runtime where the scenario ran
 */
export function compareObservations(scenario, official, ours, runtime) {
  const gaps = new Set(scenario.knownGaps ?? []);
  assert.ok(!('uncaught' in official),
    `the scenario failed with the official driver: ${JSON.stringify(official.uncaught)}`);
  const rest = { official: { ...official }, ours: { ...ours } };
  const intended = scenario.intendedIn?.[runtime] ?? scenario.intended;
  if (intended) {
    assert.deepEqual(Object.keys(intended.ours).sort(), Object.keys(intended.official).sort());
    for (const key of Object.keys(intended.official)) {
      assertSame(official[key], intended.official[key], `the official driver's ${key} (not as documented)`, ['observed', 'documented']);
      assertSame(ours[key], intended.ours[key], `our ${key} (not as documented: ${intended.why})`, ['observed', 'documented']);
      delete rest.official[key];
      delete rest.ours[key];
    }
  }
  const found = differences(rest.ours, rest.official, ['ours', 'official'])
    .filter((line) => !gaps.has(line.slice(0, line.indexOf(':'))));
  if (found.length > 0) assert.fail(`what the application saw differs:\n${found.join('\n')}`);
}

/** A tag for one scenario's data, unique across runs and concurrent test files. */
export function uniqueTag(index) {
  return `diff-${Date.now().toString(36)}-${process.pid}-${index}`;
}
