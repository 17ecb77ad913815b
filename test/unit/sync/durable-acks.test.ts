import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DurableAcks } from '../../../electron/core/sync/hub/durable-acks';
import { tempDir } from '../../support/temp-dir';

function walStore() {
  const db = new Database(path.join(tempDir(), 'hub.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (x INTEGER)');
  return db;
}

describe('acknowledgements after a group flush', () => {
  it('runs each waiting acknowledgement once, only after a checkpoint has flushed the commits', async () => {
    const db = walStore();
    const acks = new DurableAcks(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const order: string[] = [];
    const pragma = db.pragma.bind(db);
    vi.spyOn(db, 'pragma').mockImplementation((source, options) => {
      order.push(source);
      return pragma(source, options);
    });
    const connection = {};
    const acknowledged = vi.fn(() => order.push('acknowledged'));
    db.prepare('INSERT INTO t VALUES (1)').run();
    acks.whenDurable(connection, acknowledged);
    db.prepare('INSERT INTO t VALUES (2)').run();
    acks.whenDurable(connection, acknowledged);
    expect(acknowledged).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(acknowledged).toHaveBeenCalledTimes(1));
    expect(order).toEqual(['wal_checkpoint(PASSIVE)', 'acknowledged']);
    db.close();
  });

  it('flushes at once on demand, so nothing waits on a store about to close', () => {
    const db = walStore();
    const acks = new DurableAcks(db);
    const acknowledged = vi.fn();
    db.prepare('INSERT INTO t VALUES (1)').run();
    acks.whenDurable({}, acknowledged);
    acks.flush();
    expect(acknowledged).toHaveBeenCalledTimes(1);
    db.close();
    acks.flush(); // nothing waiting: does not touch the closed store
  });
});
