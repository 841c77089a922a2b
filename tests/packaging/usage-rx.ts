// The reactive API used the way users of the official neo4j-driver 6.x use it, with the one line
// more it needs here (`import 'neo4j-wasm/rx'`); type-checked (never run) with `tsc --strict`
// against the installed package and rxjs.
import neo4j from 'neo4j-wasm';
import type { Driver, Record, ResultSummary } from 'neo4j-wasm';
import 'neo4j-wasm/rx';
import type { RxManagedTransaction, RxResult, RxSession, RxTransaction } from 'neo4j-wasm/rx';
import { Observable, concatWith, firstValueFrom, lastValueFrom, map, mergeMap, toArray } from 'rxjs';

/** Names read in a managed transaction, streamed, then the session closed. */
export function names(driver: Driver): Observable<string> {
  const session: RxSession = driver.rxSession({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
  return session
    .executeRead((tx: RxManagedTransaction) => tx.run('MATCH (p:Person) RETURN p.name AS name').records())
    .pipe(map((record: Record) => record.get('name') as string), concatWith(session.close()));
}

/** The keys, records and summary of one query, flow control, and an explicit transaction. */
export async function details(driver: Driver): Promise<string> {
  const session = driver.rxSession();
  const result: RxResult = session.run('UNWIND range(1, $n) AS n RETURN n', { n: neo4j.int(3) }, { timeout: 1000 });
  const keys: string[] = await firstValueFrom(result.keys());
  result.pause();
  const records: Record[] = await lastValueFrom(result.records().pipe(toArray()));
  await result.push();
  await result.resume();
  const summary: ResultSummary = await lastValueFrom(result.consume());
  const created = await lastValueFrom(session.beginTransaction().pipe(
    mergeMap((tx: RxTransaction) => tx.run('CREATE (p:Person {name: $name})', { name: 'Ada' }).consume()
      .pipe(concatWith(tx.isOpen() ? tx.commit() : tx.rollback()))),
  ));
  const counted = await lastValueFrom(session.executeWrite((tx) => tx.run('CREATE ()').consume(), { timeout: 500 }));
  const bookmarks: string[] = session.lastBookmarks();
  await lastValueFrom(session.close(), { defaultValue: undefined });
  return [keys.join(), records.length, summary.queryType, created.counters.updates().nodesCreated,
    counted.counters.containsUpdates(), bookmarks.length].join(' ');
}
