/**
 * Paint for the vehicle pair, in 3D on each end's own shape. Fire truck: red with a white and gold
 * stripe, "FIRE RESCUE" and a unit number, compartment doors, a chrome grille, bumper and number plate,
 * dark glass, a red/blue light bar, an aluminium ladder, a hose reel. Race car: blue with twin white
 * stripes, a number roundel, carbon sills, splitter and wing, a tinted canopy, slick tyres.
 */
import { grain, hex, mixRgb, noise2, smoothstep, type Rgb } from './noise';
import { textPixel } from './pixel-font';
import type { Paint, PaintSample, Painter } from './texture-painter';

const RED = hex('#b50f16');
const WHITE = hex('#f1f0ea');
const GOLD = hex('#d6a21e');
const CHROME = hex('#dcdcdc');
const GLASS = hex('#16202a');
const BLACK = hex('#161616');
const ALU = hex('#c4c8cc');
const BLUE = hex('#0c3d9e');
const YELLOW = hex('#f2c318');

const paint = (rgb: Rgb, roughness: number, metalness = 0, height = 0.5): Paint => ({ rgb, roughness, metalness, height });

/** Fraction 0..1 along x for text on a side: reads front-wards on the left, rear-wards on the right. */
function sideX(s: PaintSample, x0: number, x1: number): number {
  const f = (s.p[0] - x0) / (x1 - x0);
  return s.p[2] > 0 ? f : 1 - f;
}

const onSide = (s: PaintSample) => Math.abs(s.n[2]) > 0.7;

/** Radius fraction 0..1 on a wheel's or reel's end discs, or -1 on its tread. */
function discRadius(v: number, capFraction: number): number {
  if (v > 1 - capFraction) return Math.sin(((1 - v) / capFraction) * (Math.PI / 2));
  if (v < capFraction) return Math.sin((v / capFraction) * (Math.PI / 2));
  return -1;
}

function tyre(s: PaintSample, rim: Rgb, spokes: number, sidewallBand: Rgb | null, rimMetal: number): Paint {
  const rf = discRadius(s.v, 0.3);
  const angle = s.u * Math.PI * 2;
  if (rf < 0) {
    const groove = Math.abs(Math.sin(angle * 36)) < 0.25 ? 0.2 : 0.6;
    return paint(mixRgb(BLACK, [0.1, 0.1, 0.1], grain(s.tx, s.ty, 3)), 0.9, 0, groove);
  }
  if (rf > 0.64) {
    const band = sidewallBand && rf > 0.72 && rf < 0.8 && Math.sin(angle * 6) > -0.2;
    return paint(band ? sidewallBand! : BLACK, 0.85, 0, 0.5 + 0.1 * (rf - 0.64));
  }
  if (rf > 0.6) return paint([0.08, 0.08, 0.08], 0.5, 0.5, 0.2);
  const spoke = Math.cos(angle * spokes) > 0.1 || rf < 0.22;
  const hub = rf < 0.1 ? [0.25, 0.25, 0.25] as Rgb : rim;
  return spoke ? paint(hub, 0.25, rimMetal, 0.7) : paint([0.05, 0.05, 0.05], 0.7, 0, 0.2);
}

function truckSide(s: PaintSample): Paint {
  const [x, y] = s.p;
  const flake = 0.5;
  if (y > 0.615 && y < 0.68) return paint(WHITE, 0.3, 0, flake);
  if (y > 0.59 && y < 0.615) return paint(GOLD, 0.3, 0.6, flake);
  if (s.part === 'body') {
    if (textPixel('FIRE RESCUE', sideX(s, -0.95, 0.3), (1.17 - y) / 0.12)) return paint(GOLD, 0.3, 0.5, 0.6);
    // Compartment doors: dark seams every 0.34 between the stripe and the text band.
    const seam = Math.abs(((x + 1.05) / 0.36) % 1) < 0.02 || Math.abs(y - 0.69) < 0.006 || Math.abs(y - 1.02) < 0.006;
    if (y > 0.68 && y < 1.02 && seam) return paint([0.3, 0.02, 0.03], 0.6, 0, 0.2);
  }
  if (s.part === 'cab') {
    if (y > 1.05 && x > 0.5 && x < 0.96) return paint(mixRgb(GLASS, [0.35, 0.42, 0.5], smoothstep(1.05, 1.3, y) * 0.5), 0.05, 0, 0.5);
    if (textPixel('51', sideX(s, 0.6, 0.84), (0.96 - y) / 0.16)) return paint(WHITE, 0.3, 0, 0.6);
    if (Math.abs(x - 0.47) < 0.006 && y < 1.3) return paint([0.3, 0.02, 0.03], 0.6, 0, 0.2);
  }
  if (s.part === 'chassis' && y < 0.36) return paint(BLACK, 0.7);
  return paint(RED, 0.28, 0, flake);
}

export const fireTruckPaint: Painter = (s) => {
  const [x, y, z] = s.p;
  if (s.part.startsWith('wheel')) return tyre(s, CHROME, 10, null, 1);
  if (s.part.startsWith('rail') || s.part.startsWith('rung')) return paint(ALU, 0.35, 0.9, 0.5);
  if (s.part.startsWith('strut')) return paint(BLACK, 0.6);
  if (s.part === 'roofBar') return paint(z > 0 ? [1, 0.12, 0.1] : [0.15, 0.3, 1], 0.15, 0, 0.5);
  if (s.part === 'reel') {
    const rf = discRadius(s.v, 0.35);
    if (rf >= 0 && rf < 0.3) return paint(RED, 0.3);
    const coil = rf < 0 ? Math.sin(s.v * 80) : Math.sin(rf * 70);
    return paint(mixRgb(hex('#7a1c1c'), hex('#3a0c0c'), smoothstep(0.6, 1, coil)), 0.8, 0, 0.5 + 0.4 * coil);
  }
  if (s.part === 'bumper') {
    if (s.n[0] > 0.5 && Math.abs(z) < 0.15 && Math.abs(y - 0.3) < 0.05) {
      const lit = textPixel('FD51', (z + 0.12) / 0.24, (0.335 - y) / 0.07);
      return paint(lit ? BLACK : hex('#f4f0d8'), 0.4, 0, lit ? 0.4 : 0.55);
    }
    return paint(CHROME, 0.18, 1, 0.5);
  }
  if (s.part === 'cab' && s.n[0] > 0.6) {
    if (y > 1.03) return paint(mixRgb(GLASS, [0.45, 0.5, 0.55], smoothstep(1.1, 1.32, y) * 0.5), 0.04, 0, 0.5);
    if (Math.abs(z) > 0.26 && Math.abs(z) < 0.4 && y > 0.7 && y < 0.84) return paint([1, 0.97, 0.85], 0.1, 0, 0.6);
    if (Math.abs(z) < 0.22 && y > 0.66 && y < 0.94) {
      const slat = Math.sin(y * 180) > 0.2;
      return paint(slat ? CHROME : BLACK, 0.2, slat ? 1 : 0, slat ? 0.7 : 0.2);
    }
  }
  if ((s.part === 'body' || s.part === 'cab') && s.n[1] > 0.7) {
    const plate = Math.sin(x * 120 + z * 120) * Math.sin(x * 120 - z * 120) > 0.6;
    return paint(s.part === 'body' ? ALU : RED, 0.45, s.part === 'body' ? 0.7 : 0, plate ? 0.65 : 0.5);
  }
  if (s.part === 'body' && s.n[0] < -0.7 && y < 0.8) {
    const chevron = Math.sin((Math.abs(z) * 6 + y * 6) * Math.PI) > 0;
    return paint(chevron ? YELLOW : RED, 0.3);
  }
  if (onSide(s) || Math.abs(s.n[0]) > 0.3) return truckSide(s);
  return paint(RED, 0.3, 0, 0.5);
};

export const raceCarPaint: Painter = (s) => {
  const [x, y, z] = s.p;
  const carbon = (): Paint => {
    const weave = Math.sin(s.tx * 1.6) * Math.sin(s.ty * 1.6) > 0;
    return paint(weave ? [0.07, 0.07, 0.08] : [0.12, 0.12, 0.13], 0.35, 0.2, weave ? 0.55 : 0.45);
  };
  if (s.part.startsWith('wheel')) return tyre(s, hex('#c9a640'), 5, YELLOW, 0.8);
  if (s.part === 'bumper' || s.part === 'roofBar') {
    if (s.part === 'roofBar' && s.n[1] > 0.5 && Math.abs(z) < 0.3) {
      if (textPixel('SPORT', (z + 0.25) / 0.5, (x + 0.92) / 0.1)) return paint(WHITE, 0.3);
    }
    return carbon();
  }
  if (s.part.startsWith('strut')) return paint(BLUE, 0.25, 0, 0.5);
  if (s.part.startsWith('rail') || s.part.startsWith('rung') || s.part === 'reel') return carbon();
  if (s.part === 'cab') {
    if (s.n[1] < 0.1 && y < 0.3) return paint(BLUE, 0.25);
    return paint(mixRgb(GLASS, [0.4, 0.5, 0.62], smoothstep(0.2, 0.9, s.n[1]) * 0.5), 0.04, 0, 0.5);
  }
  // Twin racing stripes over the top.
  if (s.n[1] > 0.45) {
    const a = Math.abs(z);
    if ((a > 0.04 && a < 0.1) || (a > 0.13 && a < 0.16)) return paint(WHITE, 0.25, 0, 0.52);
  }
  if (s.n[0] > 0.6 && s.part === 'chassis') {
    if (Math.abs(z) > 0.16 && Math.abs(z) < 0.3 && y > 0.12) return paint([1, 0.97, 0.88], 0.08, 0, 0.6);
    if (Math.abs(z) < 0.12 && y < 0.16) return paint(BLACK, 0.6, 0, 0.3);
  }
  if (y < 0.12) return carbon();
  if (onSide(s)) {
    if (y > 0.125 && y < 0.14) return paint(YELLOW, 0.3);
    // Number roundel on the doors.
    const dx = x - 0.08;
    const dy = y - 0.24;
    const d = Math.hypot(dx, dy);
    if (d < 0.1) {
      const digit = textPixel('27', sideX(s, 0.0, 0.16), (0.3 - y) / 0.12);
      return paint(digit ? BLACK : WHITE, 0.3, 0, digit ? 0.55 : 0.5);
    }
    if (s.part === 'body' && textPixel('SPORT', sideX(s, -0.85, -0.35), (0.34 - y) / 0.08)) return paint(YELLOW, 0.3);
  }
  const flake = noise2(s.tx * 0.5, s.ty * 0.5, 4) * 0.06;
  return paint([BLUE[0] + flake, BLUE[1] + flake, BLUE[2] + flake], 0.22, 0.1, 0.5 + flake);
};
