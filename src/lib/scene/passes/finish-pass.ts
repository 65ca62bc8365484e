/** The last pointwise touches: fade to black, then the grey occlusion patch on the models' square. */
import { FullscreenShader } from './fullscreen-shader';
import { FieldPass, type PassContext } from './pass';
import type { ImageSettings } from './params';

/** Colour of the occlusion patch (display-referred mid-grey). */
export const OCCLUSION_GREY = 0.5;

const FRAGMENT = /* glsl */ `
uniform float fade;
uniform vec2 patchCentre;
uniform float patchSize;
void main() {
  vec3 c = texture2D(tInput, vUv).rgb * (1.0 - fade);
  vec2 sq = squareCoord(vUv);
  vec2 fromTop = vec2(sq.x, 1.0 - sq.y);
  if (patchSize > 0.0 && all(lessThan(abs(fromTop - patchCentre), vec2(patchSize * 0.5)))) c = vec3(OCCLUSION_GREY);
  gl_FragColor = vec4(c, 1.0);
}`;

class FinishShader extends FullscreenShader<{
  fade: { value: number };
  patchCentre: { value: number[] };
  patchSize: { value: number };
}> {
  constructor() {
    super(
      'perturber-finish',
      FRAGMENT,
      { fade: { value: 0 }, patchCentre: { value: [0.5, 0.5] }, patchSize: { value: 0 } },
      { OCCLUSION_GREY: OCCLUSION_GREY.toFixed(3) }
    );
  }

  configure(image: ImageSettings): this {
    this.uniforms.fade.value = image.fade;
    this.uniforms.patchCentre.value = [image.occlusionX, image.occlusionY];
    this.uniforms.patchSize.value = image.occlusionSize;
    return this;
  }
}

/** On for a fade or an occlusion patch; the patch's position alone changes nothing. */
export class FinishPass extends FieldPass {
  readonly name = 'finish';
  readonly stage = 'display';
  readonly fields = ['image.fade', 'image.occlusionSize'] as const;
  private readonly shader = new FinishShader();

  run({ renderer, view, input, out }: PassContext): void {
    this.shader.configure(view.state.image).render(renderer, input, out);
  }

  dispose(): void {
    this.shader.dispose();
  }
}
