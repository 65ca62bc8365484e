/**
 * Every GPU perturbation pass, in the order the chain runs them: first on the scene's render in linear
 * light, then (after tone mapping and sRGB encoding) on the display-referred image. A new perturbation
 * is its fields in FIELD_SPECS, its pass file, and its place in this list.
 */
import { BackgroundPass } from './background-pass';
import { BlurPass } from './blur-pass';
import { ColourPass } from './colour-pass';
import { FinishPass } from './finish-pass';
import { HighPassPass } from './high-pass-pass';
import { NoisePass } from './noise-pass';
import type { Pass, PassState } from './pass';
import { PixelatePass } from './pixelate-pass';
import { ShadingBlendPass } from './shading-blend-pass';

/** A fresh set of the passes (each chain owns its own shaders and materials). */
export function createPasses(): Pass[] {
  return [
    new ShadingBlendPass(),
    new BackgroundPass(),
    new ColourPass(),
    new BlurPass(),
    new HighPassPass(),
    new PixelatePass(),
    new NoisePass(),
    new FinishPass()
  ];
}

/** The passes the state needs, in chain order; none when the scene is drawn as it is. */
export function activePasses(passes: readonly Pass[], state: PassState): Pass[] {
  return passes.filter((pass) => pass.isActive(state));
}
