/** The README's folder table names every folder under src/lib (two levels deep), and only folders that exist. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

function foldersUnder(dir: string, depth: number, prefix = 'src/lib'): string[] {
  if (depth === 0) return [];
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, prefix)).sort()) {
    const rel = `${prefix}/${name}`;
    if (!statSync(join(ROOT, rel)).isDirectory()) continue;
    out.push(rel, ...foldersUnder(dir, depth - 1, rel));
  }
  return out;
}

/** `src/...` paths in the first column of the README's "| folder | concern |" table. */
function tableFolders(readme: string): string[] {
  const start = readme.indexOf('| folder | concern |');
  expect(start, 'the README has a "| folder | concern |" table').toBeGreaterThan(-1);
  const rows = readme.slice(start).split('\n').slice(2);
  const out: string[] = [];
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const first = row.split('|')[1];
    for (const m of first.matchAll(/`(src\/[^`]+)`/g)) out.push(m[1].replace(/\/$/, ''));
  }
  return out;
}

describe('README folder table', () => {
  const listed = tableFolders(readFileSync(join(ROOT, 'README.md'), 'utf8'));

  it('lists every folder under src/lib, two levels deep', () => {
    const missing = foldersUnder('src/lib', 2).filter((f) => !listed.includes(f));
    expect(missing).toEqual([]);
  });

  it('lists only folders that exist', () => {
    expect(listed.length).toBeGreaterThan(5);
    expect(listed.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });
});
