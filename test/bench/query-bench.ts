/**
 * Figures 1 and 2 of issue 3: the board query and full-text search on 100k incidents with 1M log
 * entries, each against raw better-sqlite3 running the same query without Muster's code around it.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openStore, type Store } from '../../electron/core/db/open';
import { listIncidentSummaries, searchIncidents } from '../../electron/core/incidents/projection';
import type { IncidentFilter } from '../../shared/contract';
import { populateProjections, type ProjectionData, type ProjectionDataSize } from './projection-data';
import { formatMs, type Figure } from './report';
import { samplePaired, summarize, time, type Summary } from './stats';

export const BOARD_FILTER: IncidentFilter = {
  status: ['reported', 'acknowledged', 'active', 'contained'],
  limit: 50,
};

/** What people type into the search box: one or two words, specific names and common topics. */
export const SEARCH_QUERIES = [
  'outage',
  'transformer',
  'ambulance',
  'harbour',
  'okafor',
  'ransomware',
  'gas leak',
  'road closure',
  'water main',
  'signal failure',
];

export type QueryStore = { db: Store; data: ProjectionData; setupMs: number };

/**
 * A migrated store with the projection tables filled. The FTS index is built once at the end
 * ('rebuild') rather than row by row through the insert trigger, which is 2-3x faster here; the
 * trigger is put back exactly as migration 0003 wrote it, so the schema is the product's.
 */
export function openQueryStore(dir: string, size: ProjectionDataSize): QueryStore {
  const db = openStore(path.join(dir, 'projections.db'));
  let data: ProjectionData | undefined;
  const setupMs = time(() => {
    // Setup only: the measured queries run with the store's own settings, restored below.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -524288');
    const trigger = db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'search_docs_ai'",
      )
      .get();
    if (!trigger) throw new Error('migration 0003 trigger search_docs_ai not found');
    db.exec('DROP TRIGGER search_docs_ai');
    data = populateProjections(db, size);
    db.exec("INSERT INTO search_fts (search_fts) VALUES ('rebuild')");
    db.exec(trigger.sql);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('cache_size = -2000');
    db.pragma('synchronous = FULL');
  });
  return { db, data: data!, setupMs };
}

type Captured = { sql: string; params: unknown[] };

/**
 * The statements `call` runs on `db`, with their parameters, so a baseline can run exactly the
 * product's SQL (and keeps doing so when the product's query changes).
 */
function captureQueries(db: Store, call: (db: Store) => void): Captured[] {
  const captured: Captured[] = [];
  const wrapStatement = (sql: string, statement: Database.Statement) =>
    new Proxy(statement, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        const method = value as (...args: unknown[]) => unknown;
        if (key === 'all' || key === 'get' || key === 'run' || key === 'iterate') {
          return (...params: unknown[]) => {
            captured.push({ sql, params });
            return method.apply(target, params);
          };
        }
        return method.bind(target);
      },
    });
  const spy = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => wrapStatement(sql, target.prepare(sql));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  call(spy);
  return captured;
}

const dataLine = (data: ProjectionData) =>
  `${(data.incidents / 1000).toFixed(0)}k incidents (${data.openIncidents} open), ` +
  `${(data.logEntries / 1e6).toFixed(1)}M log entries, ${(data.searchDocs / 1e6).toFixed(2)}M FTS documents`;

const latency = (s: Summary) => `p50 ${formatMs(s.p50)}  p95 ${formatMs(s.p95)}`;

export function boardFigure(store: QueryStore, budgetMs: number): Figure {
  const { db, data } = store;
  const [query, ...extra] = captureQueries(db, (spy) => listIncidentSummaries(spy, BOARD_FILTER));
  if (!query || extra.length > 0) throw new Error('expected listIncidentSummaries to run exactly one query');
  // The baseline prepares once and returns raw rows: the best plain better-sqlite3 can do.
  const raw = db.prepare(query.sql);
  const rows = raw.all(...query.params) as { id: string }[];
  const mapped = listIncidentSummaries(db, BOARD_FILTER);
  if (rows.length === 0 || mapped.map((r) => r.id).join() !== rows.map((r) => r.id).join())
    throw new Error('board query and its baseline disagree');

  const samples = samplePaired({
    subject: () => listIncidentSummaries(db, BOARD_FILTER),
    baseline: () => raw.all(...query.params),
    warmup: 20,
    minPairs: 100,
    maxPairs: 2000,
    budgetMs,
  });
  const subject = summarize(samples.subject);
  const baseline = summarize(samples.baseline);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[])
    .map((row) => row.detail)
    .join('; ');
  return {
    id: 'board',
    name: 'board query, 50 rows',
    data: `Board query (listIncidentSummaries, 4 open statuses, limit 50) on ${dataLine(data)}.`,
    muster: latency(subject),
    baseline: `raw SQL ${latency(baseline)}`,
    ratio: subject.p95 / baseline.p95,
    ratioOf: 'p95',
    target: 'p95 < 10 ms',
    met: subject.p95 < 10,
    notes: [
      `${subject.n} runs each, interleaved; baseline = the same SQL text and parameters, prepared once, raw rows.`,
      `p50 ratio ${(subject.p50 / baseline.p50).toFixed(2)}x. Plan: ${plan}.`,
    ],
    raw: { subjectMs: subject, baselineMs: baseline, plan, sql: query.sql, data },
  };
}

export function searchFigure(store: QueryStore, budgetMs: number): Figure {
  const { db, data } = store;
  const queries = SEARCH_QUERIES.map((text) => {
    const [query, ...extra] = captureQueries(db, (spy) => searchIncidents(spy, text));
    if (!query || extra.length > 0) throw new Error('expected searchIncidents to run exactly one query');
    const [match, limit] = query.params;
    const hits = (
      db.prepare('SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?').get(match) as {
        n: number;
      }
    ).n;
    return { text, match, limit, hits };
  });
  // FTS5 alone: the same MATCH expression and limit, ranked, without the joins and snippets.
  const raw = db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT ?');
  const perQuery = queries.map(() => ({ subject: [] as number[], baseline: [] as number[] }));
  const samples = samplePaired({
    subject: (i) => searchIncidents(db, queries[i % queries.length]!.text),
    baseline: (i) => {
      const q = queries[i % queries.length]!;
      raw.all(q.match, q.limit);
    },
    warmup: queries.length,
    minPairs: queries.length * 10,
    maxPairs: queries.length * 200,
    budgetMs,
  });
  samples.subject.forEach((ms, i) => perQuery[i % queries.length]!.subject.push(ms));
  samples.baseline.forEach((ms, i) => perQuery[i % queries.length]!.baseline.push(ms));
  const subject = summarize(samples.subject);
  const baseline = summarize(samples.baseline);
  const details = queries.map((q, i) => ({
    query: q.text,
    hits: q.hits,
    subjectMs: summarize(perQuery[i]!.subject),
    baselineMs: summarize(perQuery[i]!.baseline),
  }));
  return {
    id: 'search',
    name: 'FTS search, 50 hits',
    data: `Full-text search (searchIncidents, ${queries.length} one- and two-word queries in rotation) on ${dataLine(data)}.`,
    muster: latency(subject),
    baseline: `raw FTS5 ${latency(baseline)}`,
    ratio: subject.p95 / baseline.p95,
    ratioOf: 'p95',
    target: 'p95 < 25 ms',
    met: subject.p95 < 25,
    notes: [
      `${subject.n} runs each, interleaved; baseline = SELECT rowid FROM search_fts WHERE search_fts MATCH <same expression> ORDER BY rowid DESC LIMIT 50.`,
      `p50 ratio ${(subject.p50 / baseline.p50).toFixed(2)}x. Per query, p95 Muster / raw FTS5 (matching documents):`,
      ...chunk(
        details.map(
          (d) => `"${d.query}" ${formatMs(d.subjectMs.p95)} / ${formatMs(d.baselineMs.p95)} (${d.hits})`,
        ),
        3,
      ).map((group) => `  ${group.join('; ')}`),
    ],
    raw: { subjectMs: subject, baselineMs: baseline, queries: details, data },
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
