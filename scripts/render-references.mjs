/**
 * Renders the reference images of the preprocessing check (static/reference/): each procedural subject
 * (dog, cat, fire truck, race car) at a few camera views, as the 224x224 model-input frame the app itself
 * captures (window.__perturber.lastFrame() of a test build), saved as JPEG with an index.json naming
 * subject and view. The app runs the model on these at import to tell which input convention it needs.
 *
 *   VITE_TEST_HOOKS=1 npx vite build && node scripts/render-references.mjs [outDir]
 *
 * Default outDir: static/reference. Deterministic up to the software renderer (SwiftShader here).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import jpeg from 'jpeg-js';
import { ROOT, assertTestBuild, launchBrowser, watchConsole } from '../tests/e2e/harness.js';
import { startStaticServer } from '../bench/static-server.mjs';

const BUILD = resolve(ROOT, 'build');
const OUT = resolve(process.argv[2] ?? join(ROOT, 'static/reference'));
const QUALITY = 88;

/** The subjects as the URL state shows them (the same states as `npm run recognise`). */
const SUBJECTS = [
  { subject: 'dog', classSet: 'dog', query: 'subject.pair=animal&subject.shape=0&subject.texture=0' },
  { subject: 'cat', classSet: 'cat', query: 'subject.pair=animal&subject.shape=1&subject.texture=1' },
  { subject: 'fire truck', classSet: 'fire truck', query: 'subject.pair=vehicle&subject.shape=0&subject.texture=0' },
  { subject: 'race car', classSet: 'race car', query: 'subject.pair=vehicle&subject.shape=1&subject.texture=1' }
];

/** Camera views (degrees); the first is the app's default view. Overridable: VIEWS='30:20,-30:20'. */
const VIEWS = (process.env.VIEWS ?? '30:20,-30:20,0:10,150:20')
  .split(',')
  .map((v) => v.split(':').map(Number))
  .map(([yaw, pitch]) => ({ yaw, pitch }));

function portFree(port) {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

async function freePort(from, to) {
  for (let p = from; p <= to; p++) if (await portFree(p)) return p;
  throw new Error(`No free port in ${from}-${to}`);
}

const slug = (s) => s.replace(/\s+/g, '-');

/** The model-input frame of the page's current state, once two frames in a row agree (textures loaded). */
async function stableFrame(page) {
  let previous = null;
  for (let attempt = 0; attempt < 20; attempt++) {
    const frame = await page.evaluate(async () => {
      const hooks = window.__perturber;
      // A no-op round trip of one field moves the scene version: a freshly rendered frame.
      hooks.setField('camera.roll', 1);
      hooks.setField('camera.roll', 0);
      return hooks.lastFrame();
    });
    if (previous && previous.pixels === frame.pixels) return frame;
    previous = frame;
    await page.waitForTimeout(500);
  }
  throw new Error('The frame did not settle');
}

async function main() {
  assertTestBuild(BUILD);
  const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
  const server = await startStaticServer(BUILD, await freePort(4370 + offset, 4389 + offset), { spa: true });
  const browser = await launchBrowser();
  const logs = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1000, height: 760 } })).newPage();
    watchConsole(page, logs);
    mkdirSync(OUT, { recursive: true });
    const images = [];
    for (const s of SUBJECTS) {
      for (const { yaw, pitch } of VIEWS) {
        const query = `${s.query}&camera.yaw=${yaw}&camera.pitch=${pitch}`;
        await page.goto(`${server.url}/?v=1&${query}`);
        await page.waitForFunction(() => window.__perturber !== undefined, null, { timeout: 60_000 });
        const frame = await stableFrame(page);
        const rgba = Buffer.from(frame.pixels, 'base64');
        const file = `${slug(s.subject)}-yaw${yaw}-pitch${pitch}.jpg`;
        const encoded = jpeg.encode({ data: rgba, width: frame.width, height: frame.height }, QUALITY);
        writeFileSync(join(OUT, file), encoded.data);
        images.push({ file, subject: s.subject, classSet: s.classSet, view: { yaw, pitch }, state: `/?v=1&${query}` });
        console.log(`[references] ${file} (${encoded.data.length} bytes)`);
      }
    }
    const index = {
      about:
        'Reference renders of the procedural subjects (model-input frames, 224x224) for the preprocessing check. ' +
        'Regenerate: VITE_TEST_HOOKS=1 npx vite build && node scripts/render-references.mjs',
      size: [224, 224],
      images
    };
    writeFileSync(join(OUT, 'index.json'), JSON.stringify(index, null, 2) + '\n');
    console.log(`[references] wrote ${images.length} images and index.json to ${OUT}`);
  } catch (e) {
    if (logs.length) console.log('browser console:\n' + logs.slice(0, 40).join('\n'));
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error('[references] failed:', e);
  process.exitCode = 1;
});
