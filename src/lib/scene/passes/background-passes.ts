/**
 * Background-only edits through the subject mask (subject = 1, background = 0), in linear light:
 * `BackgroundWeightPass` writes (colour * (1 - mask), 1 - mask) so that a blur of it, divided by its
 * alpha, blurs the background without bleeding the subject into it; `BackgroundCompositePass` then
 * changes the background's saturation and brightness and puts the untouched subject back on top.
 */
import type { Texture } from 'three';
import { FullscreenPass } from './fullscreen-pass';
import type { BackgroundSettings } from './params';

const WEIGHT_FRAGMENT = /* glsl */ `
uniform sampler2D tMask;
void main() {
  float background = 1.0 - texture2D(tMask, vUv).r;
  gl_FragColor = vec4(texture2D(tInput, vUv).rgb * background, background);
}`;

export class BackgroundWeightPass extends FullscreenPass<{ tMask: { value: Texture | null } }> {
  constructor() {
    super('perturber-background-weight', WEIGHT_FRAGMENT, { tMask: { value: null } });
  }
}

const COMPOSITE_FRAGMENT = /* glsl */ `
uniform sampler2D tMask;
uniform sampler2D tBlurred;
uniform bool useBlurred;
uniform float saturation;
uniform float brightness;
void main() {
  vec3 c = texture2D(tInput, vUv).rgb;
  float subject = texture2D(tMask, vUv).r;
  vec3 background = c;
  if (useBlurred) {
    vec4 b = texture2D(tBlurred, vUv);
    background = b.a > 1e-4 ? b.rgb / b.a : c;
  }
  float luma = dot(background, vec3(0.2126, 0.7152, 0.0722));
  background = mix(vec3(luma), background, saturation) * brightness;
  gl_FragColor = vec4(subject >= 1.0 ? c : mix(background, c, subject), 1.0);
}`;

export class BackgroundCompositePass extends FullscreenPass<{
  tMask: { value: Texture | null };
  tBlurred: { value: Texture | null };
  useBlurred: { value: boolean };
  saturation: { value: number };
  brightness: { value: number };
}> {
  constructor() {
    super('perturber-background-composite', COMPOSITE_FRAGMENT, {
      tMask: { value: null },
      tBlurred: { value: null },
      useBlurred: { value: false },
      saturation: { value: 1 },
      brightness: { value: 1 }
    });
  }

  configure(background: BackgroundSettings, mask: Texture, blurred: Texture | null): this {
    this.uniforms.tMask.value = mask;
    this.uniforms.tBlurred.value = blurred;
    this.uniforms.useBlurred.value = blurred !== null;
    this.uniforms.saturation.value = background.saturation;
    this.uniforms.brightness.value = background.brightness;
    return this;
  }
}
