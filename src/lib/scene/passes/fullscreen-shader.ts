/**
 * A full-screen shader: one ShaderMaterial drawn over a quad into a render target (or the canvas when
 * the target is null), the building block of the passes. The GLSL helpers they share live here too.
 */
import { ShaderMaterial, type IUniform, type Texture, type WebGLRenderer, type WebGLRenderTarget } from 'three';
import { FullScreenQuad } from 'three/examples/jsm/postprocessing/Pass.js';

export const FULLSCREEN_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`;

/**
 * Uniforms every pass gets: the input texture, the target size in pixels and the side of the square
 * the models see (centred in the target), so that passes can work in "square" coordinates.
 */
export const COMMON_UNIFORMS_GLSL = /* glsl */ `
uniform sampler2D tInput;
uniform vec2 resolution;
uniform float squareSize;
varying vec2 vUv;
/** Position in the models' square: (0,0) bottom left, (1,1) top right; outside the square beyond 0..1. */
vec2 squareCoord(vec2 uv) { return (uv - 0.5) * resolution / squareSize + 0.5; }
vec2 uvFromSquare(vec2 sq) { return (sq - 0.5) * squareSize / resolution + 0.5; }
`;

export interface PassTarget {
  /** null: the canvas. */
  target: WebGLRenderTarget | null;
  width: number;
  height: number;
  squareSize: number;
}

export class FullscreenShader<U extends Record<string, IUniform>> {
  readonly material: ShaderMaterial;
  readonly uniforms: U & { tInput: IUniform<Texture | null>; resolution: IUniform<number[]>; squareSize: IUniform<number> };
  private readonly quad: FullScreenQuad;

  constructor(name: string, fragmentShader: string, uniforms: U, defines: Record<string, string | number> = {}) {
    this.uniforms = {
      ...uniforms,
      tInput: { value: null },
      resolution: { value: [1, 1] },
      squareSize: { value: 1 }
    };
    this.material = new ShaderMaterial({
      name,
      uniforms: this.uniforms,
      defines,
      vertexShader: FULLSCREEN_VERTEX,
      fragmentShader: COMMON_UNIFORMS_GLSL + fragmentShader,
      depthTest: false,
      depthWrite: false,
      toneMapped: false
    });
    this.quad = new FullScreenQuad(this.material);
  }

  render(renderer: WebGLRenderer, input: Texture, out: PassTarget): void {
    this.uniforms.tInput.value = input;
    this.uniforms.resolution.value = [out.width, out.height];
    this.uniforms.squareSize.value = out.squareSize;
    renderer.setRenderTarget(out.target);
    this.quad.render(renderer);
  }

  dispose(): void {
    this.material.dispose();
    this.quad.dispose();
  }
}
