/** Pixelation: blocks of `block` reference pixels on the models' square, each the colour at its centre. */
import { FullscreenShader } from './fullscreen-shader';
import { FieldPass, type PassContext } from './pass';
import { REFERENCE_SIZE, type ImageSettings } from './params';

const FRAGMENT = /* glsl */ `
uniform float cell;
void main() {
  vec2 sq = squareCoord(vUv);
  vec2 centre = (floor(sq / cell) + 0.5) * cell;
  gl_FragColor = vec4(texture2D(tInput, uvFromSquare(centre)).rgb, 1.0);
}`;

class PixelateShader extends FullscreenShader<{ cell: { value: number } }> {
  constructor() {
    super('perturber-pixelate', FRAGMENT, { cell: { value: 1 / REFERENCE_SIZE } });
  }

  configure(image: ImageSettings): this {
    this.uniforms.cell.value = image.pixelate / REFERENCE_SIZE;
    return this;
  }
}

export class PixelatePass extends FieldPass {
  readonly name = 'pixelate';
  readonly stage = 'display';
  readonly fields = ['image.pixelate'] as const;
  private readonly shader = new PixelateShader();

  run({ renderer, view, input, out }: PassContext): void {
    this.shader.configure(view.state.image).render(renderer, input, out);
  }

  dispose(): void {
    this.shader.dispose();
  }
}
