/**
 * Texture-vs-lighting influence: the lit render mixed with an unlit (albedo) render of the same view,
 * in linear light. 0 is the unlit albedo, 1 the fully lit shading.
 */
import type { Texture } from 'three';
import { FullscreenPass } from './fullscreen-pass';

const FRAGMENT = /* glsl */ `
uniform sampler2D tUnlit;
uniform float influence;
void main() {
  vec4 lit = texture2D(tInput, vUv);
  vec4 unlit = texture2D(tUnlit, vUv);
  gl_FragColor = vec4(mix(unlit.rgb, lit.rgb, influence), 1.0);
}`;

export class ShadingBlendPass extends FullscreenPass<{ tUnlit: { value: Texture | null }; influence: { value: number } }> {
  constructor() {
    super('perturber-shading-blend', FRAGMENT, { tUnlit: { value: null }, influence: { value: 1 } });
  }
}
