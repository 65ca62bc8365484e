/** Hue shift and saturation (one 3x3 matrix), then lightness and contrast, on display-referred colours. */
import { Matrix3 } from 'three';
import { FullscreenShader } from './fullscreen-shader';
import { FieldPass, type PassContext } from './pass';
import { colourMatrix, type ImageSettings } from './params';

const FRAGMENT = /* glsl */ `
uniform mat3 colourMatrix;
uniform float lightness;
uniform float contrast;
void main() {
  vec4 texel = texture2D(tInput, vUv);
  vec3 c = clamp(colourMatrix * texel.rgb, 0.0, 1.0);
  c = lightness >= 0.0 ? c + (1.0 - c) * lightness : c * (1.0 + lightness);
  c = (c - 0.5) * contrast + 0.5;
  gl_FragColor = vec4(clamp(c, 0.0, 1.0), 1.0);
}`;

class ColourShader extends FullscreenShader<{
  colourMatrix: { value: Matrix3 };
  lightness: { value: number };
  contrast: { value: number };
}> {
  constructor() {
    super('perturber-colour', FRAGMENT, {
      colourMatrix: { value: new Matrix3() },
      lightness: { value: 0 },
      contrast: { value: 1 }
    });
  }

  configure(image: ImageSettings): this {
    // Matrix3.set takes row-major arguments, as colourMatrix returns them.
    this.uniforms.colourMatrix.value.set(...(colourMatrix(image.hue, image.saturation) as Parameters<Matrix3['set']>));
    this.uniforms.lightness.value = image.lightness;
    this.uniforms.contrast.value = image.contrast;
    return this;
  }
}

export class ColourPass extends FieldPass {
  readonly name = 'colour';
  readonly stage = 'display';
  readonly fields = ['image.hue', 'image.saturation', 'image.lightness', 'image.contrast'] as const;
  private readonly shader = new ColourShader();

  run({ renderer, view, input, out }: PassContext): void {
    this.shader.configure(view.state.image).render(renderer, input, out);
  }

  dispose(): void {
    this.shader.dispose();
  }
}
