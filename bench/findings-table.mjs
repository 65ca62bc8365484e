/**
 * The README's "Findings" section from bench/results/findings.json (bench/findings.mjs): the table of
 * every protocol's summary metric per bundled model, then per protocol one sentence on what our numbers
 * show, with the literature's figure beside it (theirs, not ours) and the class sets it depends on.
 */

const pct = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const pts = (v) => (typeof v === 'number' && Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} pts` : '—');
const eps = (v) => (v === 'not reached' ? 'not reached' : typeof v === 'number' && Number.isFinite(v) ? `${v.toFixed(2)}/255` : '—');
const fmt = (unit, v) => (unit === 'percent' ? pct(v) : unit === 'epsilon' ? eps(v) : pts(v));
const UNIT_SUFFIX = { points: ' (pts)', epsilon: ' (ε)', percent: '' };

/** "white-box 75% → 0% at 4/255": a model's own accuracy at the clean frame and at 4/255. */
const curveText = (m) => {
  const at = (e) => m.curve?.find((c) => c.epsilon === e)?.top1;
  return `${pct(at(0))} clean, ${pct(at(4))} at 4/255, ε halving it ${eps(m.halvingEpsilon)}`;
};

/** The transfer matrix at ε 4/255 (rows: target models; columns: the model attacked), as markdown. */
export function transferMarkdown(results) {
  const p = results.protocols.adversarial;
  if (!p?.summary?.length) return [];
  const sources = results.models.filter((s) => p.summary.some((m) => m.transfer?.some((t) => t.source === s.id)));
  const cell = (target, source) => {
    const e = target.transfer?.find((t) => t.source === source.id)?.byEpsilon?.find((x) => x.epsilon === 4);
    return e ? pct(e.top1) : '—';
  };
  return [
    '',
    'Transfer at ε 4/255 (top-1 of the row model on frames attacked on the column model; the diagonal is white-box):',
    '',
    `| target \\ attacked on | ${sources.map((s) => s.name).join(' | ')} |`,
    `|---|${sources.map(() => '---|').join('')}`,
    ...p.summary.map((m) => `| ${m.name} | ${sources.map((s) => cell(m, s)).join(' | ')} |`)
  ];
}

/** One sentence per protocol, from the numbers (each model named). */
const SENTENCES = {
  pose: (ms) => `Share of views where the top-1 class is the subject's: ${ms.map((m) => `${m.name} ${pct(m.top1)} (top-5 ${pct(m.top5)})`).join('; ')}.`,
  background: (ms) => `Accuracy on the neutral background minus the mean over the HDRI environments: ${ms.map((m) => `${m.name} ${pts(m.bgGap)}`).join('; ')} (positive: the environments hurt).`,
  'cue-conflict': (ms) => `Of the decisions that follow the shape or the texture where the two disagree, the share that follows the shape: ${ms.map((m) => `${m.name} ${pct(m.shapeBias)}`).join('; ')}.`,
  corruptions: (ms) => `Corruption error relative to the first bundled model, averaged over the corruptions: ${ms.map((m) => `${m.name} ${pct(m.mce)}`).join('; ')} (the reference is 100% by definition).`,
  adversarial: (ms) =>
    `Under PGD L∞ on the model itself (white-box): ${ms.map((m) => `${m.name} ${curveText(m)}`).join('; ')} (the halving ε is interpolated linearly between the grid's budgets; where the smallest budget already takes top-1 to 0 it only says the true value lies below that budget).`,
  'lighting-texture': (ms) => `Accuracy lost with the texture off and with the lighting off (unlit albedo): ${ms.map((m) => `${m.name} ${pts(m.textureOffDrop)} and ${pts(m.unlitDrop)}`).join('; ')}.`
};

export function findingsMarkdown(results) {
  const lines = [
    `Measured by \`${results.measured_by}\` on ${results.date} (${results.grid} grids, ${results.machine.cores} cores, Chromium ${results.machine.chromium}, ` +
      `${results.total_s} s in all) with the bundled models. Raw numbers: \`bench/results/findings.json\`.`,
    '',
    '**Read with care:** our subjects are procedural 3D renders (four of them), not ImageNet photographs, and the ' +
      'reference figures are other papers\' measurements on their own data and models. They stand beside ours for ' +
      'orientation, not as equals. A metric that depends on a class set says which.',
    '',
    `| Model | ${results.columns.map((c) => `${c.label}${UNIT_SUFFIX[c.unit] ?? ''}`).join(' | ')} |`,
    `|---|${results.columns.map(() => '---|').join('')}`
  ];
  for (const model of results.models) {
    const cells = results.columns.map((c) => fmt(c.unit, results.protocols[c.protocol]?.per_model?.[model.id]?.[c.key]));
    lines.push(`| ${model.name} | ${cells.join(' | ')} |`);
  }
  lines.push(...transferMarkdown(results));
  lines.push('');
  for (const [id, p] of Object.entries(results.protocols)) {
    const ms = results.models.map((m) => ({ name: m.name, ...(p.summary?.find((s) => s.model === m.id) ?? {}), ...(p.per_model[m.id] ?? {}) }));
    const said = SENTENCES[id]?.(ms) ?? '';
    const ref = p.reference ? ` Beside it: ${p.reference.figure} (${p.reference.citation}).` : '';
    const status = p.status === 'complete' ? '' : ` **Not complete: ${p.status}${p.error ? ` (${p.error})` : ''}.**`;
    lines.push(`- **${p.name}** (${p.grid}; ${p.wall_s} s): ${said}${ref} ${p.class_sets}${status}`);
  }
  return lines.join('\n');
}
