/**
 * Background-only edits through the subject mask (subject = 1, background = 0), in linear light: the
 * mask is a render of the scene with the subject white and everything else black; for a blur,
 * `BackgroundWeightShader` writes (colour * (1 - mask), 1 - mask) so that a blur of it, divided by its
 * alpha, blurs the background without bleeding the subject into it; `BackgroundCompositeShader` then
 * changes the background's saturation and brightness and puts the untouched subject back on top.
 */
import { UnsignedByteType, type Texture } from 'three';
import { FullscreenShader } from './fullscreen-shader';
import { GaussianBlur } from './gaussian-blur';
import { MaskMaterials } from './material-swap';
import { changedFromDefault } from '../../state/schema';
import { FieldPass, type PassContext } from './pass';
import { referenceToTarget, type BackgroundSettings } from './params';

const WEIGHT_FRAGMENT = /* glsl */ `
uniform sampler2D tMask;
void main() {
  float background = 1.0 - texture2D(tMask, vUv).r;
  gl_FragColor = vec4(texture2D(tInput, vUv).rgb * background, background);
}`;

class BackgroundWeightShader extends FullscreenShader<{ tMask: { value: Texture | null } }> {
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

class BackgroundCompositeShader extends FullscreenShader<{
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

/** On for a background blur, saturation or brightness; the background's mode and colour are the scene's. */
export class BackgroundPass extends FieldPass {
  readonly name = 'background';
  readonly stage = 'linear';
  readonly fields = ['background.blur', 'background.saturation', 'background.brightness'] as const;
  private readonly mask = new MaskMaterials();
  private readonly weight = new BackgroundWeightShader();
  private readonly blur = new GaussianBlur();
  private readonly composite = new BackgroundCompositeShader();

  run({ renderer, view, squareSize, input, out, scratch, at, sceneTarget }: PassContext): void {
    const background = view.state.background;
    const mask = sceneTarget('mask', UnsignedByteType);
    renderer.setRenderTarget(mask);
    this.mask.render(renderer, view.scene, view.camera, view.subject);
    let blurred: Texture | null = null;
    if (changedFromDefault(view.state, ['background.blur'])) {
      const weighted = scratch();
      this.weight.uniforms.tMask.value = mask.texture;
      this.weight.render(renderer, input, at(weighted));
      // Blurred back into `weighted`: the blur reads its input only in its first draw.
      this.blur.blur(renderer, weighted.texture, scratch(weighted), at(weighted), referenceToTarget(background.blur, squareSize));
      blurred = weighted.texture;
    }
    this.composite.configure(background, mask.texture, blurred).render(renderer, input, out);
  }

  dispose(): void {
    for (const shader of [this.weight, this.blur, this.composite]) shader.dispose();
    this.mask.dispose();
  }
}
