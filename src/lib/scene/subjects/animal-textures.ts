/**
 * Coats for the animal pair, painted in 3D on each end's own shape: a tricolour hound (black saddle,
 * tan head and flanks, white chest, legs, muzzle and tail tip) for the dog, and a brown mackerel tabby
 * (dark stripes, rings on legs and tail, "M" on the forehead, cream belly) for the cat. Both carry a
 * fine hair grain in colour and relief, dark glossy noses and eyes with an iris and a pupil.
 */
import { fbm3, grain, hex, mix, mixRgb, noise2, noise3, smoothstep, type Rgb } from './noise';
import type { Paint, PaintSample, Painter } from './texture-painter';

/** Hair relief and colour jitter shared by both coats: streaks along each part's spine. */
function hair(s: PaintSample, seed: number): { shade: number; height: number } {
  const streak = noise2(s.tx * 0.9, s.ty * 0.18, seed);
  const fine = grain(s.tx, s.ty, seed);
  const clump = fbm3(s.p[0] * 18, s.p[1] * 18, s.p[2] * 18, 3, seed + 5);
  return { shade: 0.8 + 0.22 * streak + 0.1 * fine + 0.15 * (clump - 0.5), height: 0.35 * streak + 0.15 * fine + 0.5 * clump };
}

function shaded(rgb: Rgb, shade: number): Rgb {
  return [rgb[0] * shade, rgb[1] * shade, rgb[2] * shade];
}

function eye(s: PaintSample, iris: Rgb, slit: boolean): Paint {
  // v runs from the back pole (0) to the front pole (1) along the eye's look direction.
  const front = s.v;
  const angle = s.u * Math.PI * 2;
  const ring = 1 - front;
  const sclera: Rgb = hex('#e8e0d0');
  let rgb: Rgb = front > 0.72 ? iris : sclera;
  if (front > 0.72) rgb = shaded(iris, 0.75 + 0.5 * noise2(s.u * 40, front * 20, 3));
  const pupil = slit ? Math.abs(Math.sin(angle)) * ring < 0.035 && front > 0.78 : front > 0.87;
  if (pupil) rgb = [0.02, 0.02, 0.02];
  if (front > 0.72 && front < 0.75) rgb = shaded(rgb, 0.4);
  return { rgb, roughness: 0.08, height: 0.5 };
}

const NOSE_DOG = hex('#1b1716');
const NOSE_CAT = hex('#c98580');

export const dogCoat: Painter = (s) => {
  const black = hex('#1f1a16');
  const tan = hex('#b5743a');
  const white = hex('#ece6da');
  const [x, y, z] = s.p;
  if (s.part === 'eyeL' || s.part === 'eyeR') return eye(s, hex('#4a2a12'), false);
  if (s.part === 'nose') return { rgb: shaded(NOSE_DOG, 0.8 + 0.4 * grain(s.tx, s.ty, 2)), roughness: 0.3, height: grain(s.tx, s.ty, 9) };
  if (s.part.startsWith('whisker')) return { rgb: hex('#3a302a'), roughness: 0.5 };
  const h = hair(s, 11);
  const wobble = (fbm3(x * 4, y * 4, z * 4, 3, 21) - 0.5) * 0.12;
  let rgb = tan;
  if (s.part === 'torso' || s.part === 'neck') {
    // Black saddle over the back, white chest and belly.
    const saddle = smoothstep(0.25, 0.45, s.n[1] + wobble * 2) * smoothstep(0.33, 0.2, x + wobble) * smoothstep(-0.52, -0.38, x + wobble);
    rgb = mixRgb(tan, black, saddle * 0.92);
    const belly = smoothstep(-0.2, -0.55, s.n[1] + wobble * 2);
    const chest = smoothstep(0.25, 0.4, x + wobble) * smoothstep(0.2, -0.3, s.n[1] + wobble * 2);
    rgb = mixRgb(rgb, white, Math.max(belly, chest));
  } else if (s.part.startsWith('leg')) {
    rgb = mixRgb(tan, white, smoothstep(0.42, 0.3, y + wobble));
  } else if (s.part === 'tail') {
    rgb = mixRgb(black, white, smoothstep(0.72, 0.85, s.v + wobble));
  } else if (s.part === 'muzzle') {
    rgb = mixRgb(tan, white, smoothstep(0.3, 0.6, s.v + wobble) * 0.9 + smoothstep(-0.1, -0.6, s.n[1]) * 0.5);
  } else if (s.part === 'head') {
    // White blaze up the middle of the face.
    const blaze = smoothstep(0.035, 0.015, Math.abs(z) + wobble * 0.2) * smoothstep(0.55, 0.62, x);
    rgb = mixRgb(tan, white, blaze);
  } else if (s.part.startsWith('ear')) {
    rgb = shaded(hex('#8c5326'), 0.9);
  }
  return { rgb: shaded(rgb, h.shade), height: h.height, roughness: 0.85 };
};

export const catCoat: Painter = (s) => {
  const base = hex('#928068');
  const stripe = hex('#2a2119');
  const cream = hex('#dccbaa');
  const [x, y, z] = s.p;
  if (s.part === 'eyeL' || s.part === 'eyeR') return eye(s, hex('#b4ae2c'), true);
  if (s.part === 'nose') return { rgb: NOSE_CAT, roughness: 0.35, height: 0.5 };
  if (s.part.startsWith('whisker')) return { rgb: hex('#f4f1ea'), roughness: 0.4 };
  const h = hair(s, 31);
  const warp = fbm3(x * 5, y * 5, z * 5, 4, 41) - 0.5;
  let bands = 0;
  if (s.part === 'torso' || s.part === 'neck') {
    // Mackerel stripes running down the flanks, a dark line along the spine.
    bands = 0.5 + 0.5 * Math.sin((x * 16 + warp * 4 + Math.abs(z) * 3 + noise3(x * 9, y * 9, z * 9, 43) * 0.6) * Math.PI);
    bands = smoothstep(0.66, 0.9, bands) * smoothstep(-0.5, 0.0, s.n[1]);
    bands = Math.max(bands, smoothstep(0.75, 0.92, s.n[1] + warp * 0.3));
  } else if (s.part.startsWith('leg')) {
    // Faint bars on the legs (fading out towards the paws), not a zebra's rings.
    bands = 0.55 * smoothstep(0.7, 0.9, 0.5 + 0.5 * Math.sin((y * 18 + warp * 2) * Math.PI)) * smoothstep(0.15, 0.45, y);
  } else if (s.part === 'tail') {
    bands = smoothstep(0.5, 0.75, 0.5 + 0.5 * Math.sin((s.v * 16 + warp) * Math.PI)) ;
    bands = Math.max(bands, smoothstep(0.88, 0.95, s.v));
  } else if (s.part === 'head') {
    // "M" on the forehead and lines from the eyes across the cheeks.
    const top = smoothstep(0.2, 0.6, s.n[1]);
    const lines = smoothstep(0.55, 0.85, 0.5 + 0.5 * Math.sin((Math.abs(z) * 60 + y * 20 + warp * 3) * Math.PI * 0.5));
    const cheek = smoothstep(0.6, 0.85, 0.5 + 0.5 * Math.sin((y * 40 + warp * 4) * Math.PI)) * smoothstep(0.3, 0.8, Math.abs(s.n[2]));
    bands = Math.max(lines * top, cheek * 0.8);
  } else if (s.part.startsWith('ear')) {
    const inner = smoothstep(0.1, 0.5, s.n[0]);
    const rgb = mixRgb(shaded(base, 0.8), hex('#d9a59a'), inner * 0.8);
    return { rgb: shaded(rgb, h.shade), height: h.height, roughness: 0.8 };
  }
  let rgb = mixRgb(base, stripe, bands * 0.78);
  // Cream chin, muzzle, chest and belly.
  const chest = s.part === 'neck' || s.part === 'torso' ? smoothstep(0.3, 0.8, s.n[0] + warp * 0.5) * smoothstep(0.2, -0.3, s.n[1]) : 0;
  const under = s.part === 'muzzle' ? smoothstep(0.2, -0.5, s.n[1]) + 0.5 : Math.max(chest, smoothstep(-0.3, -0.7, s.n[1] + warp * 0.5));
  if (s.part !== 'tail') rgb = mixRgb(rgb, cream, Math.min(1, under) * 0.85);
  rgb = mixRgb(rgb, shaded(rgb, 1.2), noise3(x * 30, y * 30, z * 30, 51) * 0.3);
  return { rgb: shaded(rgb, mix(h.shade, 1, 0.2)), height: h.height, roughness: 0.85 };
};
