/** The import graph of src/ has no cycles, file by file and folder by folder, and folders depend one way. */
import { describe, expect, it } from 'vitest';
import { cycles, report } from '../../scripts/import-graph.mjs';

/** Folders each folder may not import from: dependencies point views → pipeline → scene/protocol; workers → protocol. */
const FORBIDDEN: Record<string, string[]> = {
  protocol: ['models', 'pipeline', 'scene', 'state', 'storage', 'views', 'workers', 'limits', 'updates', 'routes', 'experiments'],
  workers: ['pipeline', 'scene', 'views', 'state', 'updates', 'routes'],
  scene: ['pipeline', 'views', 'workers', 'routes'],
  pipeline: ['views', 'routes'],
  state: ['pipeline', 'views', 'scene', 'workers', 'routes', 'experiments'],
  storage: ['pipeline', 'views', 'scene', 'workers', 'models', 'routes', 'experiments'],
  models: ['pipeline', 'views', 'scene', 'workers', 'routes', 'experiments'],
  experiments: ['pipeline', 'views', 'scene', 'workers', 'routes']
};

describe('import graph', () => {
  const r = report();

  it('finds cycles when there are some (the checker itself works)', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])]
    ]);
    expect(cycles(g).map((c: string[]) => c.sort())).toEqual([['a', 'b', 'c']]);
  });

  it('reads the whole source tree', () => {
    expect(r.files).toBeGreaterThan(100);
    expect(r.folderEdges.views).toContain('pipeline');
  });

  it('has no file-level cycles', () => {
    expect(r.fileCycles).toEqual([]);
  });

  it('has no folder-level cycles', () => {
    expect(r.folderCycles).toEqual([]);
  });

  it('keeps each folder off the folders it must not depend on', () => {
    const wrong: string[] = [];
    for (const [folder, banned] of Object.entries(FORBIDDEN)) {
      for (const to of r.folderEdges[folder] ?? []) if (banned.includes(to)) wrong.push(`${folder} -> ${to}`);
    }
    expect(wrong).toEqual([]);
  });
});
