/**
 * `npm run recognise` (after `vite build`): is each procedural subject recognisable? Serves a copy of
 * the production build and starts it in headless Chromium as a first visit does, so that both bundled
 * models (static/models: MobileNet v1 0.75 and v1 0.25 TF-Hub graph) install and run. For each subject
 * (dog, cat, fire truck, race car, through the URL state, neutral background) it reads every model's
 * top-5 at the default view, then turns the camera through the ring of twelve yaws (-180..150 in steps
 * of 30°, pitch 20°) and counts the views where a class of the right kind (models/class-sets.js) is
 * top-1 and in the top-5. Writes bench/results/recognisability.json (`default_view` and `ring`, keyed
 * by model id), the README section between the recognise markers, a screenshot of each subject's
 * default view (bench/results/subjects/<subject>.png) and the contact sheet of the four subjects from
 * four sides (docs/subjects-contact-sheet.png, model-input frames).
 * A report, not a gate: exits 0 whatever the outcome. E2E_PORT_OFFSET moves its port range.
 */
import { updateReadmeRecognisability } from './readme-table.mjs';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, assertTestBuild, launchBrowser, newAppContext, waitForFreshPredictions, watchConsole } from '../tests/e2e/harness.js';
import { startStaticServer } from './static-server.mjs';
import { classSet, inClassSet } from '../src/lib/models/class-sets.js';

const BUILD = resolve(process.env.RECOGNISE_BUILD ?? join(ROOT, 'build'));
const RESULTS = join(ROOT, 'bench/results/recognisability.json');
const SHOTS = join(ROOT, 'bench/results/subjects');
const SHEET = join(ROOT, 'docs/subjects-contact-sheet.png');

/** The bundled models (static/models/index.json), in the order the app lists them. */
const MODELS = JSON.parse(readFileSync(join(ROOT, 'static/models/index.json'), 'utf8')).models.map(({ id, name }) => ({ id, name }));

/** The ring of views: twelve yaws, one pitch (the default view is yaw 30, pitch 20). */
export const RING_YAWS = Array.from({ length: 12 }, (_, k) => -180 + 30 * k);
export const RING_PITCH = 20;
/** The contact sheet's columns: the left side, the front, the right side, the rear. */
const SHEET_VIEWS = [
  { yaw: 0, label: 'left' },
  { yaw: 90, label: 'front' },
  { yaw: -180, label: 'right' },
  { yaw: -90, label: 'rear' }
];
const SHEET_TILE = 160;

/** The subjects, their URL state and what counts as "the right kind" of class (models/class-sets.js, shared with the app's preprocessing check). */
const subject = (name, query) => {
  const set = classSet(name);
  return { subject: name, query, expected: set.name, hit: (label) => inClassSet(set, label) };
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

/** Each model's top-5 labels and probabilities as its prediction panel shows them, keyed by model id. */
async function panels(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="prediction-panel"]')].map((panel) => [
        panel.getAttribute('data-model-id') ?? '',
        [...panel.querySelectorAll('[data-testid="top5-row"]')].map((row) => ({
          label: row.querySelector('.label, span')?.textContent?.trim() ?? '',
          p: Number(Number(row.getAttribute('data-p')).toFixed(4))
        }))
      ])
    )
  );
}

/** Each model's top-5 labels (test hooks), keyed by model id, for the current scene version. */
async function topLabels(page) {
  const version = await page.evaluate(() => window.__perturber.sceneVersion());
  await waitForFreshPredictions(page, MODELS.length, version - 1, 120_000);
  const models = await page.evaluate(() => window.__perturber.models());
  return Object.fromEntries(models.map((m) => [m.id, m.top5]));
}

/** Sets the camera through the test hooks and returns the model-input frame of the new view (RGBA, base64). */
async function viewFrom(page, yaw, pitch) {
  return page.evaluate(
    async ([y, p]) => {
      const hooks = window.__perturber;
      hooks.setField('camera.yaw', y);
      hooks.setField('camera.pitch', p);
      return hooks.lastFrame();
    },
    [yaw, pitch]
  );
}

/** The contact sheet as a PNG (data URL decoded): rows = subjects, columns = SHEET_VIEWS. */
async function contactSheet(page, frames) {
  const url = await page.evaluate(
    async ([rows, tile]) => {
      const canvas = document.createElement('canvas');
      canvas.width = tile * rows[0].length;
      canvas.height = tile * rows.length;
      const ctx = canvas.getContext('2d');
      for (const [r, row] of rows.entries()) {
        for (const [c, f] of row.entries()) {
          const bytes = Uint8ClampedArray.from(atob(f.pixels), (ch) => ch.charCodeAt(0));
          const bitmap = await createImageBitmap(new ImageData(bytes, f.width, f.height));
          ctx.imageSmoothingQuality = 'high';
          ctx.drawImage(bitmap, c * tile, r * tile, tile, tile);
        }
      }
      return canvas.toDataURL('image/png');
    },
    [frames, SHEET_TILE]
  );
  return Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
}

async function main() {
  assertTestBuild(BUILD);
  const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
  const served = mkdtempSync(join(tmpdir(), 'perturber-recognise-'));
  cpSync(BUILD, served, { recursive: true });
  const server = await startStaticServer(served, await freePort(4350 + offset, 4369 + offset), { spa: true });
  const browser = await launchBrowser();
  const logs = [];
  try {
    const context = await newAppContext(browser, { bundledModels: true }); // a first visit: the bundled models install
    const page = await context.newPage();
    watchConsole(page, logs);
    mkdirSync(SHOTS, { recursive: true });
    const started = Date.now();
    const defaults = Object.fromEntries(MODELS.map((m) => [m.id, []]));
    const ring = Object.fromEntries(MODELS.map((m) => [m.id, {}]));
    const ringViews = Object.fromEntries(MODELS.map((m) => [m.id, {}]));
    const sheet = [];
    for (const s of SUBJECTS) {
      await page.goto(`${server.url}/?v=1&${s.query}`);
      await page.waitForFunction(() => window.__perturber !== undefined, null, { timeout: 90_000 });
      await topLabels(page);
      const shown = await panels(page);
      for (const m of MODELS) {
        const top5 = shown[m.id] ?? [];
        const result = { subject: s.subject, url: `/?v=1&${s.query}`, expected: s.expected, top1: s.hit(top5[0]?.label ?? ''), top5: top5.some((r) => s.hit(r.label)), classes: top5 };
        defaults[m.id].push(result);
        console.log(`[recognise] ${m.name.padEnd(34)} ${s.subject.padEnd(10)} default view: top-1 ${result.top1 ? 'yes' : 'no '} top-5 ${result.top5 ? 'yes' : 'no '}  ${top5.map((r) => `${r.label.split(',')[0]} ${(r.p * 100).toFixed(1)}%`).join(' | ')}`);
      }
      const canvas = page.locator('canvas').first();
      const box = await canvas.boundingBox();
      if (box) {
        const side = Math.min(box.width, box.height);
        await page.screenshot({
          path: join(SHOTS, `${s.subject.replace(/\s+/g, '-')}.png`),
          clip: { x: box.x + (box.width - side) / 2, y: box.y + (box.height - side) / 2, width: side, height: side }
        });
      }
      const frames = {};
      const views = Object.fromEntries(MODELS.map((m) => [m.id, []]));
      for (const yaw of RING_YAWS) {
        const frame = await viewFrom(page, yaw, RING_PITCH);
        if (SHEET_VIEWS.some((v) => v.yaw === yaw)) frames[yaw] = frame;
        const tops = await topLabels(page);
        for (const m of MODELS) views[m.id].push({ yaw, top5: (tops[m.id] ?? []).map((l) => l.split(',')[0]) });
      }
      sheet.push(SHEET_VIEWS.map((v) => frames[v.yaw]));
      for (const m of MODELS) {
        const list = views[m.id];
        const top1 = list.filter((v) => s.hit(v.top5[0] ?? '')).length / list.length;
        const top5 = list.filter((v) => v.top5.some((l) => s.hit(l))).length / list.length;
        ring[m.id][s.subject] = { top1: Number(top1.toFixed(3)), top5: Number(top5.toFixed(3)) };
        ringViews[m.id][s.subject] = list.map((v) => `${v.yaw}: ${v.top5[0] ?? '?'}`);
        console.log(`[recognise] ${m.name.padEnd(34)} ${s.subject.padEnd(10)} ring: top-1 ${(top1 * 12).toFixed(0)}/12, top-5 ${(top5 * 12).toFixed(0)}/12  (${ringViews[m.id][s.subject].join(', ')})`);
      }
    }
    for (const m of MODELS) {
      const values = SUBJECTS.map((s) => ring[m.id][s.subject].top1);
      ring[m.id] = { mean_top1: Number((values.reduce((a, b) => a + b, 0) / values.length).toFixed(3)), ...ring[m.id] };
    }
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    writeFileSync(SHEET, await contactSheet(page, sheet));
    const report = {
      date: new Date().toISOString(),
      models: MODELS,
      background: 'the neutral background (background.mode none)',
      default_view: {
        view: 'yaw 30°, pitch 20°: the default camera',
        results: Object.fromEntries(
          MODELS.map((m) => [m.id, { top1: defaults[m.id].filter((r) => r.top1).length, top5: defaults[m.id].filter((r) => r.top5).length, of: SUBJECTS.length, subjects: defaults[m.id] }])
        )
      },
      ring_view: { yaws: RING_YAWS, pitch: RING_PITCH },
      ring,
      ring_top1_labels: ringViews,
      contact_sheet: { file: 'docs/subjects-contact-sheet.png', rows: SUBJECTS.map((s) => s.subject), columns: SHEET_VIEWS.map((v) => `${v.label} (yaw ${v.yaw}°, pitch ${RING_PITCH}°)`) },
      seconds: Math.round((Date.now() - started) / 1000)
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(RESULTS, JSON.stringify(report, null, 2) + '\n');
    updateReadmeRecognisability(join(ROOT, 'README.md'), report);
    for (const m of MODELS) console.log(`[recognise] ${m.name}: ring mean top-1 ${ring[m.id].mean_top1}`);
    console.log(`[recognise] wrote ${RESULTS} and ${SHEET}`);
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
