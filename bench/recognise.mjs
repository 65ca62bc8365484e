/**
 * `npm run recognise` (after `vite build`): is each procedural subject recognisable? Serves a copy of
 * the production build, imports the fixture MobileNet v1 0.75 through the UI in headless Chromium,
 * shows each subject through the URL state (dog, cat, fire truck, race car at the default view on the
 * neutral background), waits for the prediction of that scene version and reads the top-5 from the
 * prediction panel. Writes bench/results/recognisability.json and a screenshot of each subject's view
 * (bench/results/subjects/<subject>.png). Pass: a class of the right kind in the top-5.
 * A report, not a gate: exits 0 whatever the outcome; skips (exit 0) when ../shared/fixtures is absent.
 */
import { updateReadmeRecognisability } from './readme-table.mjs';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, assertTestBuild, importFolder, launchBrowser, newAppContext, waitForFreshPredictions, watchConsole } from '../tests/e2e/harness.js';
import { startStaticServer } from './static-server.mjs';
import { classSet, inClassSet } from '../src/lib/models/class-sets.js';

const MODEL_DIR = resolve(ROOT, '../shared/fixtures/imagenet/mobilenet-v1-0.75');
const BUILD = resolve(process.env.RECOGNISE_BUILD ?? join(ROOT, 'build'));
const RESULTS = join(ROOT, 'bench/results/recognisability.json');
const SHOTS = join(ROOT, 'bench/results/subjects');

/** The subjects, their URL state and what counts as "the right kind" of class (models/class-sets.js, shared with the app's preprocessing check). */
const subject = (name, query) => {
  const set = classSet(name);
  return { subject: name, query, expected: set.name, pass: (r) => inClassSet(set, r.label) };
};
export const SUBJECTS = [
  subject('dog', 'subject.pair=animal&subject.shape=0&subject.texture=0'),
  subject('cat', 'subject.pair=animal&subject.shape=1&subject.texture=1'),
  subject('fire truck', 'subject.pair=vehicle&subject.shape=0&subject.texture=0'),
  subject('race car', 'subject.pair=vehicle&subject.shape=1&subject.texture=1')
];

function portFree(port) {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

async function freePort(from = 4350, to = 4369) {
  for (let p = from; p <= to; p++) if (await portFree(p)) return p;
  throw new Error(`No free port in ${from}-${to}`);
}

/** The top-5 rows of the model's prediction panel. */
function top5(page) {
  return page.getByTestId('prediction-panel').first().evaluate((panel) =>
    [...panel.querySelectorAll('[data-testid="top5-row"]')].map((row) => ({
      label: row.querySelector('.label, span')?.textContent?.trim() ?? '',
      classIndex: Number(row.getAttribute('data-class-index')),
      p: Number(Number(row.getAttribute('data-p')).toFixed(4))
    }))
  );
}

async function main() {
  if (!existsSync(join(MODEL_DIR, 'model.json'))) {
    console.log(`[recognise] SKIPPED: fixture model not found at ${MODEL_DIR}.`);
    return;
  }
  assertTestBuild(BUILD);
  const served = mkdtempSync(join(tmpdir(), 'perturber-recognise-'));
  cpSync(BUILD, served, { recursive: true });
  const server = await startStaticServer(served, await freePort(), { spa: true });
  const browser = await launchBrowser();
  const logs = [];
  try {
    const context = await newAppContext(browser); // without the bundled models: only the imported one runs
    const page = await context.newPage();
    watchConsole(page, logs);
    await page.goto(server.url + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 60_000 });
    await importFolder(page, MODEL_DIR, 'MobileNet v1 0.75');
    await waitForFreshPredictions(page, 1, -1, 120_000);
    mkdirSync(SHOTS, { recursive: true });
    const results = [];
    for (const s of SUBJECTS) {
      await page.goto(`${server.url}/?v=1&${s.query}`);
      await page.waitForFunction(() => window.__perturber !== undefined, null, { timeout: 60_000 });
      const version = await page.evaluate(() => window.__perturber.sceneVersion());
      await waitForFreshPredictions(page, 1, version - 1, 120_000);
      const rows = await top5(page);
      const pass = rows.some(s.pass);
      results.push({ subject: s.subject, url: `/?v=1&${s.query}`, expected: s.expected, pass, top5: rows.map(({ label, p }) => ({ label, p })) });
      console.log(`[recognise] ${s.subject.padEnd(10)} ${pass ? 'PASS' : 'fail'}  ${rows.map((r) => `${r.label} ${(r.p * 100).toFixed(1)}%`).join(' | ')}`);
      const canvas = page.locator('canvas').first();
      const box = await canvas.boundingBox();
      if (box) {
        const side = Math.min(box.width, box.height);
        await page.screenshot({
          path: join(SHOTS, `${s.subject.replace(/\s+/g, '-')}.png`),
          clip: { x: box.x + (box.width - side) / 2, y: box.y + (box.height - side) / 2, width: side, height: side }
        });
      }
    }
    const passed = results.filter((r) => r.pass).length;
    const report = {
      date: new Date().toISOString(),
      model: 'mobilenet-v1-0.75 (fixture, imported through the UI)',
      view: 'default camera, neutral background',
      passed,
      of: results.length,
      subjects: results
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(RESULTS, JSON.stringify(report, null, 2) + '\n');
    updateReadmeRecognisability(join(ROOT, 'README.md'), report);
    console.log(`[recognise] ${passed}/${results.length} subjects recognised; wrote ${RESULTS}`);
  } catch (e) {
    if (logs.length) console.log('browser console:\n' + logs.slice(0, 40).join('\n'));
    throw e;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(served, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error('[recognise] failed:', e);
  process.exitCode = 1;
});
