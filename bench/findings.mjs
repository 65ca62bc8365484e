/**
 * `npm run findings` (after `VITE_TEST_HOOKS=1 vite build`): runs every built-in protocol
 * (src/lib/experiments/protocols) on the two bundled models in headless Chromium, through the same
 * runner as the Protocols list of the Experiments view, then writes bench/results/findings.json (per
 * protocol: its summary per model, points, wall time, date) and rewrites the "Findings" table of the
 * README between its markers, with the reference figures beside ours and one sentence per protocol.
 * FINDINGS_GRID=reduced runs the small grids (CI runs that as a report, not a gate); FINDINGS_OUT
 * writes the JSON elsewhere and leaves the README alone.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ROOT, assertTestBuild, launchBrowser, newAppContext, watchConsole } from '../tests/e2e/harness.js';
import { replaceBetweenMarkers } from './readme-table.mjs';
import { freePorts, startStaticServer } from './static-server.mjs';
import { findingsMarkdown } from './findings-table.mjs';

const GRID = process.env.FINDINGS_GRID === 'reduced' ? 'reduced' : 'full';
const OUT = resolve(process.env.FINDINGS_OUT ?? join(ROOT, 'bench/results/findings.json'));
const log = (...a) => console.log(`[findings ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s]`, ...a);
const started = performance.now();

/** A finding as JSON keeps it: an ε beyond the grid (Infinity) as "not reached". */
const jsonValue = (v) => (v === Infinity ? 'not reached' : v);

async function main() {
  const build = resolve(process.env.BENCH_BUILD ?? join(ROOT, 'build'));
  assertTestBuild(build);
  const served = mkdtempSync(join(tmpdir(), 'perturber-findings-'));
  cpSync(build, served, { recursive: true });
  const [port] = await freePorts(1, [4360, 4369]);
  const server = await startStaticServer(served, port, { spa: true });
  const browser = await launchBrowser();
  const logs = [];
  try {
    const context = await newAppContext(browser, { bundledModels: true });
    const page = await context.newPage();
    watchConsole(page, logs);
    await page.goto(server.url + '/');
    await page.waitForFunction(() => {
      const ms = window.__perturber?.models() ?? [];
      return ms.length >= 2 && ms.every((m) => m.status === 'ready' && m.predictions > 0);
    }, null, { timeout: 300_000, polling: 250 });
    const models = (await page.evaluate(() => window.__perturber.models())).map((m) => ({ id: m.id, name: m.name, backend: m.backend }));
    log(`models: ${models.map((m) => `${m.name} (${m.backend})`).join(', ')}; grid ${GRID}`);
    const protocols = await page.evaluate(() => window.__perturber.protocols());
    const runs = {};
    for (const p of protocols) {
      const t0 = performance.now();
      const progress = await page.evaluate(([id, grid]) => window.__perturber.runProtocol(id, grid), [p.id, GRID]);
      runs[p.id] = { status: progress.status, runs: progress.runIds.length, wall_s: Math.round((performance.now() - t0) / 100) / 10, error: progress.error };
      log(`${p.name}: ${progress.status}, ${progress.runIds.length} runs, ${runs[p.id].wall_s} s${progress.error ? ` (${progress.error})` : ''}`);
    }
    const { table } = await page.evaluate(() => window.__perturber.findings());
    const date = new Date().toISOString();
    const results = {
      date,
      grid: GRID,
      measured_by: `npm run findings${GRID === 'reduced' ? ' (FINDINGS_GRID=reduced)' : ''}`,
      machine: { cores: availableParallelism(), loadavg: loadavg().map((v) => Math.round(v * 100) / 100), chromium: browser.version() },
      models,
      protocols: Object.fromEntries(
        protocols.map((p) => {
          const summary = table.summaries[p.id];
          const columns = table.columns.filter((c) => c.protocol === p.id);
          return [
            p.id,
            {
              name: p.name,
              question: p.question,
              grid: p.grids[GRID],
              reference: p.reference,
              class_sets: p.classSetNote,
              ...runs[p.id],
              notes: summary?.notes ?? [],
              per_model: Object.fromEntries(
                table.rows.map((row) => [
                  row.model,
                  {
                    name: row.name,
                    points: row.cells.find((c) => c.protocol === p.id)?.points ?? 0,
                    ...Object.fromEntries(columns.map((c) => [c.key, jsonValue(row.cells.find((x) => x.protocol === p.id && x.key === c.key)?.value ?? null)]))
                  }
                ])
              ),
              summary: summary?.models ?? []
            }
          ];
        })
      ),
      columns: table.columns,
      total_s: Math.round((performance.now() - started) / 1000)
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(results, null, 2) + '\n');
    log(`wrote ${OUT}`);
    if (!process.env.FINDINGS_OUT) {
      const readme = join(ROOT, 'README.md');
      writeFileSync(readme, replaceBetweenMarkers(readFileSync(readme, 'utf8'), findingsMarkdown(results), '<!-- findings:start -->', '<!-- findings:end -->'));
      log('rewrote the Findings table of README.md');
    }
    console.log(findingsMarkdown(results));
    return Object.values(runs).every((r) => r.status === 'complete') ? 0 : 1;
  } catch (e) {
    console.error('[findings] failed:', e instanceof Error ? e.message : e);
    if (logs.length) console.error('browser console:\n' + logs.slice(-40).join('\n'));
    return 1;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(served, { recursive: true, force: true });
  }
}

main().then((code) => (process.exitCode = code));
