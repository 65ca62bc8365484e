/**
 * Texture-vs-lighting influence: the lit render mixed with an unlit (albedo) render of the same view,
 * in linear light. 0 is the unlit albedo, 1 the fully lit shading.
 */
import { HalfFloatType, type Texture } from 'three';
import { FullscreenShader } from './fullscreen-shader';
import { UnlitMaterials, renderWithMaterials } from './material-swap';
import { FieldPass, type PassContext } from './pass';

const FRAGMENT = /* glsl */ `
uniform sampler2D tUnlit;
uniform float influence;
void main() {
  vec4 lit = texture2D(tInput, vUv);
  vec4 unlit = texture2D(tUnlit, vUv);
  gl_FragColor = vec4(mix(unlit.rgb, lit.rgb, influence), 1.0);
}`;

class ShadingBlendShader extends FullscreenShader<{ tUnlit: { value: Texture | null }; influence: { value: number } }> {
  constructor() {
    super('perturber-shading-blend', FRAGMENT, { tUnlit: { value: null }, influence: { value: 1 } });
  }
}

export class ShadingBlendPass extends FieldPass {
  readonly name = 'shading';
  readonly stage = 'linear';
  readonly fields = ['lighting.shading'] as const;
  private readonly unlit = new UnlitMaterials();
  private readonly blend = new ShadingBlendShader();

  run({ renderer, view, input, out, sceneTarget }: PassContext): void {
    const unlit = sceneTarget('unlit', HalfFloatType);
    renderer.setRenderTarget(unlit);
    renderWithMaterials(renderer, view.scene, view.camera, null, this.unlit.materialOf);
    this.blend.uniforms.tUnlit.value = unlit.texture;
    this.blend.uniforms.influence.value = view.state.lighting.shading;
    this.blend.render(renderer, input, out);
  }

  dispose(): void {
    this.blend.dispose();
    this.unlit.dispose();
  }
}
