/** High-pass: the original minus its Gaussian blur, around mid-grey (original - blur + 0.5). */
import type { Texture } from 'three';
import { FullscreenPass } from './fullscreen-pass';

const FRAGMENT = /* glsl */ `
uniform sampler2D tBlurred;
void main() {
  vec3 c = texture2D(tInput, vUv).rgb - texture2D(tBlurred, vUv).rgb + 0.5;
  gl_FragColor = vec4(clamp(c, 0.0, 1.0), 1.0);
}`;

export class HighPassPass extends FullscreenPass<{ tBlurred: { value: Texture | null } }> {
  constructor() {
    super('perturber-high-pass', FRAGMENT, { tBlurred: { value: null } });
  }
}
