/** Run exports: tidy CSV (models × points rows, RFC 4180) and JSON read back to the same numbers; resume bookkeeping. */
import { describe, expect, it } from 'vitest';
import { parseCsv, csvRecord } from '../../src/lib/experiments/csv';
import { csvColumns, parseResultsCsv, parseRunJson, resultsCsv, runJson } from '../../src/lib/experiments/export';
import { cellCount, enumerateCells, pointCount } from '../../src/lib/experiments/points';
import { checkRows, dedupeRows, missingCells, settledStatus } from '../../src/lib/experiments/results';
import { fakeRows, fakeRun, gridSweep } from './experiments-fixtures';

describe('CSV', () => {
  const def = gridSweep();
  const rows = fakeRows(def);
  const run = fakeRun(def);
  const text = resultsCsv(run, rows);

  it('has one row per model × point and a tidy header', () => {
    const records = parseCsv(text);
    expect(records.length - 1).toBe(def.models.length * pointCount(def));
    expect(records[0]).toEqual(csvColumns(run));
    expect(records[0].slice(0, 5)).toEqual(['point', 'model_id', 'model_name', 'subject', 'camera.yaw']);
    const first = Object.fromEntries(records[0].map((c, i) => [c, records[1][i]]));
    expect([first.point, first.model_id, first.model_name, first.subject, first['camera.yaw']]).toEqual(['0', 'm1', 'Model m1, v2', 'dog', '0']);
  });

  it('quotes labels with commas and quotes (RFC 4180)', () => {
    expect(text).toContain('"fire engine, fire truck"');
    expect(text).toContain('"say ""cheese"""');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csvRecord(['a,b', 'c"d', 'e\nf', '']))).toEqual([['a,b', 'c"d', 'e\nf', '']]);
  });

  it('parses back to the same numbers', () => {
    const back = parseResultsCsv(text);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.rows).toEqual(rows);
    expect(back.axisCells[4]).toEqual({ 'camera.yaw': '90' }); // rows 0-3: yaw 0 (dog, fire truck) × (m1, m2)
  });

  it('writes null metrics (truth "none") as empty cells and reads them back as null', () => {
    const none = { ...def, truth: { dog: { kind: 'none' as const }, 'fire truck': { kind: 'none' as const } } };
    const noneRows = fakeRows(none);
    const back = parseResultsCsv(resultsCsv(fakeRun(none), noneRows));
    expect(back.ok && back.rows).toEqual(noneRows);
    expect(noneRows[0].pTruth).toBeNull();
  });

  it('names what is wrong with a CSV that is not an export', () => {
    expect(parseResultsCsv('a,b\r\n1,2\r\n')).toEqual({ ok: false, problems: [expect.stringMatching(/^The CSV has no column /)] });
    expect(parseResultsCsv('"open')).toEqual({ ok: false, problems: ['CSV: a quoted field is never closed.'] });
    const broken = text.replace(/\r\n0,m1,/, '\r\nzero,m1,');
    expect(!parseResultsCsv(broken).ok && (parseResultsCsv(broken) as { problems: string[] }).problems[0]).toMatch(/CSV row 2: point "zero" is not a number/);
  });
});

describe('JSON', () => {
  const def = gridSweep();
  const rows = fakeRows(def);
  const run = fakeRun(def);

  it('parses back to the same run and numbers', () => {
    expect(parseRunJson(runJson(run, rows))).toEqual({ ok: true, run, rows });
  });

  it('refuses corrupt JSON, another format, a bad definition, bad or duplicated rows', () => {
    expect(parseRunJson('{').ok).toBe(false);
    expect(parseRunJson('{"format":"x"}')).toEqual({ ok: false, problems: ['This is not a sweep run export of version 1.'] });
    const badDef = JSON.parse(runJson(run, rows));
    badDef.run.definition.axes[0].path = 'camera.zoom';
    expect((parseRunJson(JSON.stringify(badDef)) as { problems: string[] }).problems[0]).toMatch(/^Definition: Axis 1: unknown field "camera.zoom"/);
    const dup = parseRunJson(runJson(run, [...rows, rows[0]]));
    expect(!dup.ok && dup.problems).toEqual(['1 point × model cells have more than one row (first: point 0, m1).']);
    const bad = JSON.parse(runJson(run, rows));
    bad.rows[2].entropy = 'high';
    expect((parseRunJson(JSON.stringify(bad)) as { problems: string[] }).problems).toEqual(['Row 3 is not a result row.']);
  });
});

describe('resume bookkeeping', () => {
  const def = gridSweep();
  const all = fakeRows(def);

  it('after a cancel, the missing cells plus the done ones are every cell once', () => {
    const done = all.slice(0, 5);
    const missing = missingCells(def, done);
    expect(missing.length).toBe(cellCount(def) - 5);
    expect(settledStatus(def, done, 'cancelled')).toBe('cancelled');
    expect(settledStatus(def, done, 'stored', 'complete')).toBe('partial');
    // Resume: the cell in flight at the cancel (index 4) is redone, then the rest.
    const resumed = [...done, all[4], ...all.filter((r) => missing.some((c) => c.point === r.point && c.model === r.model))];
    const rows = dedupeRows(def, resumed);
    const check = checkRows(def, rows);
    expect(check).toEqual({ duplicates: [], foreign: [], missing: [] });
    expect(rows.map((r) => `${r.point}:${r.model}`)).toEqual([...enumerateCells(def)].map((c) => `${c.point}:${c.model}`));
    expect(settledStatus(def, rows, 'finished')).toBe('complete');
  });

  it('finds duplicates, foreign rows and gaps', () => {
    const rows = [all[0], all[0], { ...all[1], model: 'other' }, { ...all[2], point: 99 }];
    const check = checkRows(def, rows);
    expect(check.duplicates).toEqual([{ point: 0, model: 'm1' }]);
    expect(check.foreign).toEqual([{ point: 0, model: 'other' }, { point: 99, model: all[2].model }]);
    expect(check.missing.length).toBe(cellCount(def) - 1);
    expect(settledStatus(def, [...all, all[0]], 'finished')).toBe('partial');
  });
});
