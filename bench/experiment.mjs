/**
 * `npm run experiment -- --definition sweep.json --model <folder> [--model …] [--bundled] --out <dir>`
 * (after `VITE_TEST_HOOKS=1 vite build`): runs a sweep in headless Chromium with the app's own code.
 * Serves the test build, imports each model folder through the UI (and/or keeps the bundled models),
 * puts the loaded models into the definition (experiment-args.mjs withModels), starts the sweep through
 * `window.__perturber.runSweep`, follows its progress, and writes <out>/results.csv and <out>/run.json.
 * Exit 0 when the run is complete; 2 for bad arguments, a bad definition (the checker's problems are
 * printed) or a missing model folder; 1 when the run failed or stopped partial.
 * `main(argv)` is exported for tests (tests/e2e/sweep.test.ts runs it against the built build).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, assertTestBuild, importFolder, importUrl, launchBrowser, modelSettled, newAppContext, watchConsole } from '../tests/e2e/harness.js';
import { freePorts, startStaticServer } from './static-server.mjs';
import { USAGE, parseExperimentArgs, summarise, withModels } from './experiment-args.mjs';

class UsageError extends Error {}

const log = (line) => console.log(`[experiment] ${line}`);

/** Reads and checks what can be checked before a browser starts. */
const isModelUrl = (m) => /^https?:\/\//i.test(m);

function prepare(options) {
  const definitionPath = resolve(options.definition);
  if (!existsSync(definitionPath)) throw new UsageError(`The definition file ${definitionPath} does not exist.`);
  let raw;
  try {
    raw = JSON.parse(readFileSync(definitionPath, 'utf8'));
  } catch (e) {
    throw new UsageError(`The sweep definition ${definitionPath} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  // A model is a folder here, or the http(s) URL of a model.json (imported by the app like a user's URL).
  const folders = options.models.map((m) => (isModelUrl(m) ? m : resolve(m)));
  for (const folder of folders) {
    if (!isModelUrl(folder) && !existsSync(join(folder, 'model.json'))) throw new UsageError(`No model.json in the model folder ${folder}.`);
  }
  const build = resolve(options.build ?? join(ROOT, 'build'));
  try {
    assertTestBuild(build);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  return { raw, folders, build, out: resolve(options.out) };
}

function definitionProblems(problems) {
  console.error('[experiment] The sweep definition has problems:');
  for (const p of problems) console.error(`  - ${p}`);
  return 2;
}

/** Waits until every model on the page is ready (or one fails); their ids and names, in list order. */
async function readyModels(page, atLeast) {
  const handle = await page.waitForFunction(
    (n) => {
      const ms = window.__perturber?.models() ?? [];
      const failed = ms.find((m) => m.error);
      if (failed) return { error: `${failed.name}: ${failed.error}` };
      return ms.length >= n && ms.every((m) => m.status === 'ready') ? { models: ms.map(({ id, name, backend }) => ({ id, name, backend })) } : null;
    },
    atLeast,
    { timeout: 180_000, polling: 250 }
  );
  const result = await handle.jsonValue();
  if (result.error) throw new Error(`A model failed to load: ${result.error}`);
  return result.models;
}

/** Runs the experiment; resolves to the process exit code. */
export async function main(argv = process.argv.slice(2)) {
  let options;
  let prepared;
  try {
    options = parseExperimentArgs(argv, process.env);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    prepared = prepare(options);
  } catch (e) {
    console.error(`[experiment] ${e instanceof Error ? e.message : String(e)}`);
    if (!(e instanceof UsageError)) console.error(USAGE);
    return 2;
  }
  const { raw, folders, build, out } = prepared;
  const port = options.port ?? (await freePorts(1, [4470, 4499]))[0];
  const server = await startStaticServer(build, port, { spa: true });
  const browser = await launchBrowser();
  const logs = [];
  const started = Date.now();
  try {
    const context = await newAppContext(browser, { bundledModels: options.bundled });
    const page = await context.newPage();
    watchConsole(page, logs);
    await page.goto(server.url + '/');
    await page.getByRole('heading', { name: 'Perturber' }).waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => window.__perturber !== undefined, null, { timeout: 60_000 });
    // The definition on its own first (with stand-in model ids): a bad one fails before any import.
    const placeholders = [...(options.bundled ? ['bundled'] : []), ...folders.map((_, i) => `model-${i + 1}`)];
    const problems = await page.evaluate((text) => window.__perturber.checkDefinition(text), JSON.stringify(withModels(raw, placeholders)));
    if (problems.length) return definitionProblems(problems);
    if (options.bundled) await readyModels(page, 1);
    for (const [i, folder] of folders.entries()) {
      const name = `${i + 1}: ${isModelUrl(folder) ? basename(dirname(new URL(folder).pathname)) || 'model' : basename(folder)}`;
      log(`importing ${folder} as "${name}"`);
      if (isModelUrl(folder)) await importUrl(page, folder, name);
      else await importFolder(page, folder, name);
      const error = await modelSettled(page, name, { timeout: 180_000 });
      if (error) throw new Error(`The model ${folder} failed to load: ${error}`);
    }
    const loaded = await readyModels(page, 1);
    log(`models: ${loaded.map((m) => `${m.name} (${m.backend})`).join(', ')}`);
    const definition = withModels(raw, loaded.map((m) => m.id));
    const answer = await page.evaluate((text) => window.__perturber.runSweep(text), JSON.stringify(definition));
    if ('problems' in answer) return definitionProblems(answer.problems);
    const { runId } = answer;
    let last = '';
    for (;;) {
      const p = await page.evaluate(() => window.__perturber.sweepProgress());
      const line = `${p.pointsDone}/${p.points} points, ${p.pointsPerSecond.toFixed(1)} points/s, ${p.secondsLeft === null ? '?' : Math.round(p.secondsLeft)} s left`;
      if (p.status !== 'running') {
        log(`${p.status}: ${line}${p.error ? ` — ${p.error}` : ''}`);
        break;
      }
      if (line !== last) log(line);
      last = line;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await page.evaluate(() => window.__perturber.sweepFinished());
    const status = await page.evaluate(() => window.__perturber.sweepProgress());
    mkdirSync(out, { recursive: true });
    const csv = await page.evaluate((id) => window.__perturber.exportRun(id, 'csv'), runId);
    const json = await page.evaluate((id) => window.__perturber.exportRun(id, 'json'), runId);
    writeFileSync(join(out, 'results.csv'), csv);
    writeFileSync(join(out, 'run.json'), json);
    const { rows } = JSON.parse(json);
    const names = new Map(loaded.map((m) => [m.id, m.name]));
    log(`run ${runId}: ${status.status}, ${rows.length} rows of ${status.cells}, ${((Date.now() - started) / 1000).toFixed(1)} s in all, sweep ${status.pointsPerSecond.toFixed(2)} points/s`);
    for (const s of summarise(rows)) {
      const judged = s.correctAt1 === null ? 'no truth' : `correct@1 ${(s.correctAt1 * 100).toFixed(1)}%, mean p(truth) ${s.meanPTruth.toFixed(3)}`;
      log(`  ${names.get(s.model) ?? s.model}: ${s.rows} rows, ${judged}`);
    }
    const plots = await page.evaluate((id) => window.__perturber.plotImages(id), runId);
    for (const p of plots) {
      writeFileSync(join(out, `${p.name}.svg`), p.svg);
      writeFileSync(join(out, `${p.name}.png`), Buffer.from(p.png, 'base64'));
    }
    log(`wrote ${join(out, 'results.csv')}, ${join(out, 'run.json')} and ${plots.length} plots (SVG and PNG: ${plots.map((p) => p.name).join(', ')})`);
    return status.status === 'complete' ? 0 : 1;
  } catch (e) {
    console.error('[experiment] failed:', e instanceof Error ? e.message : e);
    if (logs.length) console.error('browser console:\n' + logs.slice(0, 40).join('\n'));
    return 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => (process.exitCode = code));
}
