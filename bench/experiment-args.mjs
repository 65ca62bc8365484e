/**
 * The command line of `npm run experiment` (bench/experiment.mjs), as plain functions: reading the
 * arguments, and putting the models the CLI loaded into a definition (its `models`, or its model axis).
 */

export const USAGE = `Usage: npm run experiment -- --definition sweep.json (--model <folder with model.json> ... | --bundled) --out <dir>
  --definition <file>  the sweep definition (JSON, as the app exports it)
  --model <folder|url> a model folder (model.json + weight shards [+ labels .json]) or the http(s) URL of a
                       model.json; repeat for more, in order
  --bundled            also run the app's bundled models (before the --model ones)
  --out <dir>          where results.csv, run.json and the plots (SVG and PNG) are written (created if missing)
  --build <dir>        the test build to serve (default: ./build; EXPERIMENT_BUILD also sets it)
  --port <n>           the port to serve it on (default: a free one from 4470)
The loaded models replace the definition's "models" (or its model axis's list), in the order given.`;

/** Reads the arguments (after `--`); throws an Error whose message names the problem. */
export function parseExperimentArgs(argv, env = {}) {
  const options = { definition: null, models: [], bundled: false, out: null, build: env.EXPERIMENT_BUILD ?? null, port: null, help: false };
  const value = (i, flag) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value.`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--definition':
        options.definition = value(i++, arg);
        break;
      case '--model':
        options.models.push(value(i++, arg));
        break;
      case '--bundled':
        options.bundled = true;
        break;
      case '--out':
        options.out = value(i++, arg);
        break;
      case '--build':
        options.build = value(i++, arg);
        break;
      case '--port': {
        const port = Number(value(i++, arg));
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, got "${argv[i]}".`);
        options.port = port;
        break;
      }
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`Unknown argument "${arg}".`);
    }
  }
  if (options.help) return options;
  if (!options.definition) throw new Error('--definition is required.');
  if (!options.out) throw new Error('--out is required.');
  if (options.models.length === 0 && !options.bundled) throw new Error('Give at least one --model folder, or --bundled.');
  return options;
}

/**
 * The definition with the loaded models' ids in place of its own: in its model axis when it has one,
 * else in `models`. Anything that is not an object is returned as it is (the app's checker names it).
 */
export function withModels(raw, ids) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const axes = Array.isArray(raw.axes) ? raw.axes : [];
  if (axes.some((a) => a?.kind === 'model')) {
    return { ...raw, models: [], axes: axes.map((a) => (a?.kind === 'model' ? { ...a, models: [...ids] } : a)) };
  }
  return { ...raw, models: [...ids] };
}

/** Per model: rows, correct@1 share and mean p(truth) (null without truth), from a run's rows. */
export function summarise(rows) {
  const byModel = new Map();
  for (const row of rows) {
    const s = byModel.get(row.model) ?? { model: row.model, rows: 0, correct: 0, judged: 0, pTruthSum: 0 };
    s.rows += 1;
    if (row.correctAt1 !== null) {
      s.judged += 1;
      if (row.correctAt1) s.correct += 1;
      s.pTruthSum += row.pTruth ?? 0;
    }
    byModel.set(row.model, s);
  }
  return [...byModel.values()].map((s) => ({
    model: s.model,
    rows: s.rows,
    correctAt1: s.judged ? s.correct / s.judged : null,
    meanPTruth: s.judged ? s.pTruthSum / s.judged : null
  }));
}
