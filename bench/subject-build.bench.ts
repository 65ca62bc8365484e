/**
 * `npm run bench:subjects`: what a subject pair costs on the CPU, in Node (no WebGL): building a pair
 * (both ends' morph geometry and their painted 512² atlases, as when the pair is first shown), a
 * texture-morph slider step (re-blending the atlases), a shape-morph step (the morph-target influence
 * only) and a texture-blur step. vitest bench prints the mean time per call.
 */
import { bench, describe } from 'vitest';
import { MorphSubject } from '../src/lib/scene/subjects/morph-subject';
import { SUBJECT_PAIRS } from '../src/lib/scene/subjects/pairs';

const look = { shape: 0, texture: 0, untextured: false, textureBlur: 0 };

for (const pair of SUBJECT_PAIRS) {
  describe(`${pair} pair`, () => {
    const subject = new MorphSubject(pair);
    subject.apply(look);
    let step = 0;
    bench('build the pair (geometry and both atlases)', () => {
      new MorphSubject(pair).dispose();
    }, { iterations: 3, warmupIterations: 1, time: 0 });
    bench('texture-morph slider step', () => {
      step = (step + 1) % 20;
      subject.apply({ ...look, texture: step / 20 });
    }, { iterations: 20, time: 0 });
    bench('shape-morph slider step', () => {
      step = (step + 1) % 20;
      subject.apply({ ...look, shape: step / 20, texture: 1 });
    }, { iterations: 20, time: 0 });
    bench('texture-blur step', () => {
      step = (step + 1) % 20;
      subject.apply({ ...look, texture: 1, textureBlur: 1 + step / 10 });
    }, { iterations: 10, time: 0 });
  });
}
