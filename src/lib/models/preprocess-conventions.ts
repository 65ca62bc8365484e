/**
 * The input conventions the preprocessing check tries (models/preprocess-check.ts) and the names the
 * check's table and sentence give them.
 */
import type { OutputKind, Preprocess } from '$lib/protocol';

export const IMAGENET_MEAN_STD: Preprocess = { kind: 'meanstd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

/** The input conventions the check tries, in the order the table lists them. */
export const CANDIDATE_PREPROCESSES: readonly Preprocess[] = [{ kind: 'range01' }, { kind: 'range11' }, IMAGENET_MEAN_STD, { kind: 'caffe' }];

/** An input convention with how the outputs are read: what the check scores and the form sets. */
export interface Convention {
  preprocess: Preprocess;
  outputKind: OutputKind;
}

/** "[0, 1]", "[-1, 1]", "ImageNet mean/std", "Caffe (BGR − means)". */
export function preprocessName(p: Preprocess): string {
  switch (p.kind) {
    case 'range01':
      return '[0, 1]';
    case 'range11':
      return '[-1, 1]';
    case 'caffe':
      return 'Caffe (BGR − means)';
    case 'meanstd': {
      const ref = IMAGENET_MEAN_STD as Extract<Preprocess, { kind: 'meanstd' }>;
      const same = p.mean.every((m, i) => Math.abs(m - ref.mean[i]) < 1e-6) && p.std.every((s, i) => Math.abs(s - ref.std[i]) < 1e-6);
      return same ? 'ImageNet mean/std' : 'mean/std';
    }
  }
}

/** "[0, 1], logits (softmax applied)" / "[-1, 1], probabilities". */
export function candidateName(c: Convention): string {
  return `${preprocessName(c.preprocess)}, ${c.outputKind === 'logits' ? 'logits (softmax applied)' : 'probabilities'}`;
}

export function samePreprocess(a: Preprocess, b: Preprocess): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
