/**
 * Corruptions: accuracy under the image corruptions the scene state has, each at 5 severities, and the
 * mean corruption error relative to a reference model, as ImageNet-C defines it:
 *   CE_c(model) = Σ_s err(model, c, s) / Σ_s err(reference, c, s),   mCE = mean over corruptions of CE_c,
 * err = 1 − top-1 accuracy (over the subjects) at that severity; 1.0 (100%) for the reference itself.
 * Sums run over the severities both models have rows for; a corruption where the reference made no
 * error has no CE (a division by zero) and is left out of the mean (the summary's notes say so).
 *
 * Corruptions and their fields (all in `image`): Gaussian noise → noise; salt and pepper → saltPepper
 * (ImageNet-C's impulse noise); Gaussian blur → blur; low-pass → lowPass (a lower cutoff is
 * stronger); high-pass → highPass; contrast → contrast (lower is stronger); fade to black → fade;
 * pixelation → pixelate; occlusion → occlusionSize (a grey square at the frame's centre). Severities
 * follow ImageNet-C's where it has the corruption (noise σ, impulse amount, blur σ, contrast factor).
 * Hue, saturation and lightness are colour changes, not corruptions, and are left out.
 *
 * Representation: one definition per corruption, axes severity (the field, strongest last) × subject;
 * the base has every corruption field at its default. A run's severity s is the position of the
 * point's value on that axis (1 = first), so an edited definition's severities still count in order.
 *
 * Grids: full 9 corruptions × 5 severities × 4 subjects = 180 points in 9 definitions; reduced noise,
 * blur, contrast and occlusion at severities 1, 3, 5 × 4 subjects = 48 points in 4 definitions.
 */
import type { NumberFieldPath, SceneState } from '$lib/state/schema';
import {
  THEIR_FIGURE, PROCEDURAL_REFS, TallyMap, checkedDefinition, classSetsInWords, makeProtocol, meanOf, modelsOf, noTruthNote,
  pointRows, protocolBase, runIdsOf, sweptField, type ModelSummaryBase, type ProtocolGrid, type ProtocolRun, type SummaryOptions
} from './protocol';

export interface Corruption {
  id: string;
  label: string;
  path: NumberFieldPath;
  /** Severities 1..5, strongest last. */
  severities: readonly number[];
}

export const CORRUPTIONS: readonly Corruption[] = [
  { id: 'gaussian-noise', label: 'Gaussian noise', path: 'image.noise', severities: [0.08, 0.12, 0.18, 0.26, 0.38] },
  { id: 'salt-pepper', label: 'Salt and pepper', path: 'image.saltPepper', severities: [0.03, 0.06, 0.09, 0.17, 0.27] },
  { id: 'gaussian-blur', label: 'Gaussian blur', path: 'image.blur', severities: [1, 2, 3, 4, 6] },
  { id: 'low-pass', label: 'Low-pass', path: 'image.lowPass', severities: [56, 32, 16, 8, 4] },
  { id: 'high-pass', label: 'High-pass', path: 'image.highPass', severities: [2, 4, 8, 16, 32] },
  { id: 'contrast', label: 'Contrast', path: 'image.contrast', severities: [0.4, 0.3, 0.2, 0.1, 0.05] },
  { id: 'fade', label: 'Fade to black', path: 'image.fade', severities: [0.2, 0.4, 0.6, 0.75, 0.9] },
  { id: 'pixelate', label: 'Pixelation', path: 'image.pixelate', severities: [2, 3, 4, 6, 8] },
  { id: 'occlusion', label: 'Occlusion', path: 'image.occlusionSize', severities: [0.1, 0.2, 0.3, 0.4, 0.5] }
];
export const REDUCED_CORRUPTIONS = ['gaussian-noise', 'gaussian-blur', 'contrast', 'occlusion'];
/** Severity numbers (1-based) of the reduced grid. */
export const REDUCED_SEVERITIES = [1, 3, 5];

export interface CorruptionResult {
  id: string;
  label: string;
  /** Per severity measured: its number (1 = mildest), field value, rows and top-1 accuracy. */
  severities: { severity: number; value: number; points: number; top1: number }[];
  /** Σ_s err(model) / Σ_s err(reference), or null (no reference rows, or the reference made no error). */
  ce: number | null;
}

export interface CorruptionsModelSummary extends ModelSummaryBase {
  /** The reference model mCE is relative to. */
  reference: string;
  corruptions: CorruptionResult[];
  /** Mean of the CEs that exist (1.0 = as the reference), or null. */
  mce: number | null;
  /** Mean top-1 accuracy over every corruption and severity measured. */
  meanTop1: number | null;
}

function definitions(models: readonly string[], base: SceneState, grid: ProtocolGrid = 'full') {
  const chosen = grid === 'full' ? CORRUPTIONS : CORRUPTIONS.filter((c) => REDUCED_CORRUPTIONS.includes(c.id));
  const clean = protocolBase(base, CORRUPTIONS.map((c) => c.path));
  return chosen.map((c) =>
    checkedDefinition({
      name: `Corruptions: ${c.label.toLowerCase()}`,
      base: clean,
      axes: [
        { kind: 'field', path: c.path, values: grid === 'full' ? [...c.severities] : REDUCED_SEVERITIES.map((s) => c.severities[s - 1]) },
        { kind: 'subject', subjects: PROCEDURAL_REFS }
      ],
      models
    })
  );
}

/** "gaussian-noise|3": a corruption and severity number. */
const key = (id: string, severity: number) => `${id}|${severity}`;

function summariseRuns(runs: readonly ProtocolRun[], options: SummaryOptions = {}) {
  const models = modelsOf(runs);
  const reference = options.reference ?? models[0]?.model ?? '';
  const paths = CORRUPTIONS.map((c) => c.path);
  const per = new Map(models.map((m) => [m.model, new TallyMap()]));
  /** Per corruption, severity number → field value (first seen). */
  const values = new Map<string, Map<number, number>>();
  let skipped = 0;
  for (const { run, row, point } of pointRows(runs)) {
    const swept = sweptField(run, paths);
    const tallies = per.get(row.model);
    if (!swept || !tallies) continue;
    const c = CORRUPTIONS.find((x) => x.path === swept.path)!;
    const severity = swept.values.indexOf(point.values[swept.index]) + 1;
    if (!tallies.add(key(c.id, severity), row)) {
      skipped++;
      continue;
    }
    const byValue = values.get(c.id) ?? new Map<number, number>();
    values.set(c.id, byValue);
    if (!byValue.has(severity)) byValue.set(severity, point.values[swept.index] as number);
  }
  const notes = noTruthNote(skipped);
  if (!per.has(reference)) notes.push(`The reference model "${reference}" has no rows here: no mCE.`);
  const refTallies = per.get(reference);
  const noRefError = new Set<string>();
  const out: CorruptionsModelSummary[] = models.map((m) => {
    const tallies = per.get(m.model)!;
    const corruptions: CorruptionResult[] = [];
    let points = 0;
    for (const c of CORRUPTIONS) {
      const measured = [...(values.get(c.id) ?? new Map<number, number>())].sort((a, b) => a[0] - b[0]);
      const severities: CorruptionResult['severities'] = [];
      let err = 0;
      let refErr = 0;
      let shared = 0;
      for (const [severity, value] of measured) {
        const t = tallies.map.get(key(c.id, severity));
        if (!t || t.n === 0) continue;
        severities.push({ severity, value, points: t.n, top1: t.c1 / t.n });
        points += t.n;
        const r = refTallies?.map.get(key(c.id, severity));
        if (r && r.n > 0) {
          err += 1 - t.c1 / t.n;
          refErr += 1 - r.c1 / r.n;
          shared++;
        }
      }
      if (severities.length === 0) continue;
      if (shared > 0 && refErr === 0) noRefError.add(c.label);
      corruptions.push({ id: c.id, label: c.label, severities, ce: shared > 0 && refErr > 0 ? err / refErr : null });
    }
    const all = corruptions.flatMap((c) => c.severities);
    const meanTop1 = all.length ? all.reduce((a, s) => a + s.top1 * s.points, 0) / points : null;
    return { ...m, points, reference, corruptions, mce: meanOf(corruptions.map((c) => c.ce)), meanTop1 };
  });
  if (noRefError.size) notes.push(`The reference model made no error under ${[...noRefError].join(', ')}: those corruptions have no CE and are left out of the mCE.`);
  return { protocol: 'corruptions' as const, models: out, runIds: runIdsOf(runs), notes };
}

export const CORRUPTIONS_PROTOCOL = makeProtocol<CorruptionsModelSummary>({
  id: 'corruptions',
  name: 'Corruptions',
  question: 'How fast does accuracy fall under common image corruptions, relative to a reference model?',
  reference: {
    figure: 'ResNet-50 mCE 76.7% relative to AlexNet on ImageNet-C (15 corruptions × 5 severities on ImageNet validation photographs); our corruption set, severities and reference model differ.',
    citation: 'Hendrycks & Dietterich, "Benchmarking Neural Network Robustness to Common Corruptions and Perturbations", ICLR 2019',
    caveat: THEIR_FIGURE
  },
  classSetNote: `Error is 1 − top-1 accuracy in the subject's class set (${classSetsInWords()}). mCE is relative to the reference model (default: the first model).`,
  grids: {
    full: '9 corruptions × 5 severities × 4 subjects: 9 definitions, 180 points',
    reduced: 'Gaussian noise, Gaussian blur, contrast, occlusion at severities 1, 3, 5 × 4 subjects: 4 definitions, 48 points'
  },
  definitions,
  summariseRuns,
  findings: [{ key: 'mce', label: 'mCE (vs reference)', unit: 'percent', value: (m) => m.mce }]
});
