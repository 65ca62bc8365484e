/** Sweep runs in IndexedDB: save, list, rename, delete, rows in chunks, honest status, a full disk loses nothing. */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelInputError } from '../../src/lib/protocol';
import { validateDefinition, type SweepDefinition } from '../../src/lib/experiments/definition';
import { cellCount } from '../../src/lib/experiments/points';
import { ROW_CHUNK, RunStore } from '../../src/lib/experiments/run-store';
import { fakeRows, fakeRun, gridSweep, yawSweep } from './experiments-fixtures';

let store: RunStore;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  store = new RunStore();
});
afterEach(() => store.close());

/** 361 yaws × 2 models = 722 cells: more than one chunk. */
function bigSweep(): SweepDefinition {
  const check = validateDefinition(yawSweep({ axes: [{ kind: 'field', path: 'camera.yaw', values: { from: -180, to: 180, steps: 361 } }] }));
  if (!check.ok) throw new Error(check.problems.join());
  return check.definition;
}

async function reopen(): Promise<RunStore> {
  await store.close();
  store = new RunStore();
  return store;
}

function failPuts(after: number): () => void {
  const proto = globalThis.IDBObjectStore.prototype;
  const original = proto.put;
  let calls = 0;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (++calls > after) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return original.apply(this, args);
  };
  return () => {
    proto.put = original;
  };
}

describe('run store', () => {
  it('saves a run, appends its rows, settles it complete, and reads it back', async () => {
    const def = gridSweep();
    const rows = fakeRows(def);
    await store.start(fakeRun(def));
    expect((await store.list())[0].status).toBe('running');
    await store.appendRows('run-1', rows, 2000);
    expect(await store.settle('run-1', 'finished', 3000)).toBe('complete');
    const back = await (await reopen()).get('run-1');
    expect(back?.run.status).toBe('complete');
    expect(back?.run.updatedAt).toBe(3000);
    expect(back?.rows).toEqual(rows);
    expect(await store.list()).toEqual([{ id: 'run-1', name: 'A run', status: 'complete', createdAt: 1000, updatedAt: 3000, rows: 12, cells: 12 }]);
  });

  it('appends in chunks of ROW_CHUNK and keeps one row per cell when a cell is redone', async () => {
    const def = bigSweep();
    const rows = fakeRows(def);
    expect(rows.length).toBeGreaterThan(ROW_CHUNK);
    await store.start(fakeRun(def));
    await store.appendRows('run-1', rows.slice(0, 600));
    await store.appendRows('run-1', rows.slice(599));
    const back = await store.get('run-1');
    expect(back?.rows.length).toBe(cellCount(def));
    expect(back?.rows).toEqual(rows);
  });

  it('a cancelled run is stored as cancelled; an interrupted one reads back as partial, never complete or running', async () => {
    const def = gridSweep();
    const rows = fakeRows(def);
    await store.start(fakeRun(def));
    await store.appendRows('run-1', rows.slice(0, 5));
    expect(await store.settle('run-1', 'cancelled')).toBe('cancelled');
    expect((await store.get('run-1'))?.run.status).toBe('cancelled');

    await store.start(fakeRun(def, { id: 'run-2', createdAt: 2000 }));
    await store.appendRows('run-2', rows.slice(0, 7));
    await reopen(); // a reload in the middle of the run
    const listed = await store.list();
    expect(listed.map((r) => [r.id, r.status, r.rows])).toEqual([['run-2', 'partial', 7], ['run-1', 'cancelled', 5]]);
    // A record that claims complete with rows missing is still reported partial.
    await store.start(fakeRun(def, { id: 'run-3' }));
    await store.appendRows('run-3', rows.slice(0, 3));
    expect(await store.settle('run-3', 'finished')).toBe('partial');
  });

  it('resumes a cancelled run to complete with no duplicated or missing rows', async () => {
    const def = gridSweep();
    const rows = fakeRows(def);
    await store.start(fakeRun(def));
    await store.appendRows('run-1', rows.slice(0, 5));
    await store.settle('run-1', 'cancelled');
    const { run } = (await (await reopen()).get('run-1'))!;
    await store.start(run);
    await store.appendRows('run-1', rows.slice(4)); // the cell in flight at the cancel is redone
    expect(await store.settle('run-1', 'finished')).toBe('complete');
    expect((await store.get('run-1'))?.rows).toEqual(rows);
  });

  it('refuses rows that are not cells of the run, writing none of the batch', async () => {
    const def = gridSweep();
    const rows = fakeRows(def);
    await store.start(fakeRun(def));
    await expect(store.appendRows('run-1', [rows[0], { ...rows[1], point: 6 }])).rejects.toThrow(
      'Could not save the sweep results: point 6 on model "m2" is not part of the run "A run".'
    );
    await expect(store.appendRows('run-1', [{ ...rows[1], model: 'm3' }])).rejects.toThrow(/model "m3" is not part/);
    expect((await store.get('run-1'))?.rows).toEqual([]);
  });

  it('renames and deletes, leaving other runs alone; refuses an empty name', async () => {
    const def = gridSweep();
    await store.start(fakeRun(def));
    await store.start(fakeRun(def, { id: 'run-2', name: 'Other' }));
    await store.appendRows('run-1', fakeRows(def));
    await store.appendRows('run-2', fakeRows(def));
    expect((await store.rename('run-1', '  Yaw, dog  ')).name).toBe('Yaw, dog');
    await expect(store.rename('run-1', ' ')).rejects.toThrow('Give the run a name.');
    await store.delete('run-1');
    expect(await store.get('run-1')).toBeUndefined();
    expect((await store.list()).map((r) => [r.id, r.rows])).toEqual([['run-2', 12]]);
  });

  it('keeps a thumbnail per point as a data URL, and deletes them with the run', async () => {
    const def = gridSweep();
    await store.start(fakeRun(def));
    await store.start(fakeRun(def, { id: 'run-2', name: 'Other' }));
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await store.saveThumbnails('run-1', [{ point: 3, type: 'image/jpeg', bytes: jpeg.buffer }]);
    await store.saveThumbnails('run-2', [{ point: 3, type: 'image/jpeg', bytes: new Uint8Array([9]).buffer }]);
    expect(await store.thumbnail('run-1', 3)).toBe(`data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}`);
    expect(await store.thumbnail('run-1', 4)).toBeNull();
    await store.delete('run-1');
    expect(await (await reopen()).thumbnail('run-1', 3)).toBeNull();
    expect(await store.thumbnail('run-2', 3)).toBe('data:image/jpeg;base64,CQ==');
  });

  it('a full disk while saving gives the quota message and loses nothing stored', async () => {
    const def = bigSweep();
    const rows = fakeRows(def);
    await store.start(fakeRun(def));
    await store.appendRows('run-1', rows.slice(0, 100), 2000);
    const restore = failPuts(ROW_CHUNK + 1 + 50); // the first chunk (rows + record) fits, the second does not
    let error: unknown;
    try {
      error = await store.appendRows('run-1', rows.slice(100), 3000).catch((e) => e);
    } finally {
      restore();
    }
    expect(error).toBeInstanceOf(ModelInputError);
    expect((error as ModelInputError).code).toBe('quota-exceeded');
    expect((error as Error).message).toMatch(/^Not enough storage space to save the sweep results/);
    const back = await (await reopen()).get('run-1');
    expect(back?.rows).toEqual(rows.slice(0, 100 + ROW_CHUNK));
    expect(back?.run.status).toBe('partial');

    const restore2 = failPuts(0);
    try {
      await expect(store.start(fakeRun(gridSweep(), { id: 'run-2', name: 'Second' }))).rejects.toThrow(/Not enough storage space to save the run "Second"/);
    } finally {
      restore2();
    }
    expect((await store.list()).map((r) => r.id)).toEqual(['run-1']);
  });
});
