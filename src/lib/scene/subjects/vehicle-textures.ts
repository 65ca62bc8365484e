/**
 * Paint for the vehicle pair, in 3D on each end's own shape. Fire truck: red with a black-edged gold
 * stripe, "FIRE RESCUE" and a unit number, compartment doors with chrome handles,
 * a pump panel with gauges behind the cab, a chrome grille, bumper and number plate, headlights, dark glass, a red light bar and warning
 * lights, an aluminium ladder, a hose bed, rear light clusters, a rear door and chevrons, chrome West Coast
 * mirrors. Race car: blue with twin white stripes, a number roundel, carbon sills, splitter, diffuser and
 * wing, a dark raked windscreen and rear window, tinted side windows in blue pillars, body-coloured door
 * mirrors, headlights and tail lights, slick tyres on silver rims.
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

/** Radius fraction 0..1 on a wheel's end discs, or -1 on its tread. */
function discRadius(v: number, capFraction: number): number {
  if (v > 1 - capFraction) return Math.sin(((1 - v) / capFraction) * (Math.PI / 2));
  if (v < capFraction) return Math.sin((v / capFraction) * (Math.PI / 2));
  return -1;
}

function tyre(s: PaintSample, rim: Rgb, spokes: number, rimMetal: number): Paint {
  const rf = discRadius(s.v, 0.3);
  const angle = s.u * Math.PI * 2;
  if (rf < 0) {
    const groove = Math.abs(Math.sin(angle * 36)) < 0.25 ? 0.2 : 0.6;
    return paint(mixRgb(BLACK, [0.1, 0.1, 0.1], grain(s.tx, s.ty, 3)), 0.9, 0, groove);
  }
  if (rf > 0.64) return paint(BLACK, 0.85, 0, 0.5 + 0.1 * (rf - 0.64));
  if (rf > 0.6) return paint([0.08, 0.08, 0.08], 0.5, 0.5, 0.2);
  const spoke = Math.cos(angle * spokes) > 0.1 || rf < 0.22;
  const hub = rf < 0.1 ? [0.25, 0.25, 0.25] as Rgb : rim;
  return spoke ? paint(hub, 0.25, rimMetal, 0.7) : paint([0.05, 0.05, 0.05], 0.7, 0, 0.2);
}

const SEAM: Rgb = [0.28, 0.02, 0.03];

/** Compartment doors between x0 and x1 (seams every `pitch`), with a chrome handle low on each. */
function doors(s: PaintSample, x0: number, x1: number, y0: number, y1: number, pitch: number): Paint | null {
  const [x, y] = s.p;
  if (x < x0 || x > x1 || y < y0 || y > y1) return null;
  const f = (x - x0) / pitch;
  const k = f - Math.floor(f);
  if (k < 0.02 || Math.abs(y - y0) < 0.008 || Math.abs(y - y1) < 0.008) return paint(SEAM, 0.6, 0, 0.2);
  if (Math.abs(k - 0.5) < 0.12 && Math.abs(y - (y0 + 0.06)) < 0.012) return paint(CHROME, 0.15, 1, 0.7);
  return null;
}

/** The pump panel behind the cab: brushed steel with round gauges and chrome valve handles. */
function pumpPanel(s: PaintSample): Paint | null {
  const [x, y] = s.p;
  if (x < 0.22 || x > 0.52 || y < 0.72 || y > 1.1) return null;
  for (const [gx, gy, r] of [[0.3, 1.0, 0.035], [0.42, 1.0, 0.035], [0.3, 0.9, 0.025], [0.38, 0.9, 0.025], [0.46, 0.9, 0.025]]) {
    const d = Math.hypot(x - gx, y - gy);
    if (d < r) return d > r * 0.8 ? paint(CHROME, 0.15, 1, 0.7) : paint(d < r * 0.15 ? BLACK : WHITE, 0.2, 0, 0.5);
  }
  if (y > 0.76 && y < 0.83 && Math.abs(((x - 0.22) / 0.075) % 1 - 0.5) < 0.2) return paint(CHROME, 0.15, 1, 0.75);
  if (Math.abs(x - 0.22) < 0.006 || Math.abs(x - 0.52) < 0.006 || Math.abs(y - 0.72) < 0.006 || Math.abs(y - 1.1) < 0.006) return paint(SEAM, 0.6, 0, 0.2);
  return paint(mixRgb(ALU, [0.6, 0.62, 0.65], noise2(s.tx * 0.3, s.ty * 3, 7)), 0.35, 0.85, 0.5);
}

function truckSide(s: PaintSample): Paint {
  const [x, y] = s.p;
  const flake = 0.5;
  if (s.part === 'chassis') return paint(BLACK, 0.7);
  // A gold-leaf band edged in black along cab, body and lockers.
  if (y > 0.645 && y < 0.68) return paint(GOLD, 0.3, 0.6, flake);
  if ((y > 0.635 && y < 0.645) || (y > 0.68 && y < 0.69)) return paint(BLACK, 0.4, 0, flake);
  if (s.part === 'body') {
    if (x < -1.2 && y > 1.02) return paint([1, 0.15, 0.1], 0.1, 0, 0.6); // corner warning lights
    if (textPixel('FIRE RESCUE', sideX(s, -1.1, 0.0), (1.05 - y) / 0.14)) return paint(GOLD, 0.3, 0.5, 0.6);
    const panel = pumpPanel(s);
    if (panel) return panel;
    const door = doors(s, -1.32, 0.22, 0.71, 1.13, 0.3);
    if (door) return door;
  }
  if (s.part === 'lockers') {
    const door = doors(s, -0.32, 0.54, 0.3, 0.61, 0.29);
    if (door) return door;
  }
  if (s.part === 'cab') {
    // Door and rear windows, the door seam, the unit number on the door.
    if (y > 0.87 && y < 1.17 && ((x > 0.87 && x < 1.21) || (x > 0.6 && x < 0.82))) {
      return paint(mixRgb(GLASS, [0.35, 0.42, 0.5], smoothstep(0.87, 1.17, y) * 0.4), 0.05, 0, 0.5);
    }
    if ((Math.abs(x - 0.84) < 0.006 || Math.abs(x - 0.58) < 0.006) && y < 1.17) return paint(SEAM, 0.6, 0, 0.2);
    if (textPixel('51', sideX(s, 0.92, 1.14), (0.88 - y) / 0.15)) return paint(WHITE, 0.3, 0, 0.6);
  }
  return paint(RED, 0.28, 0, flake);
}

function truckFront(s: PaintSample): Paint | null {
  const [, y, z] = s.p;
  const a = Math.abs(z);
  // A tall wraparound windscreen split by a centre post, as on a custom cab.
  if (y > 0.85 && y < 1.19 && a < 0.43) {
    if (a < 0.012) return paint(BLACK, 0.5, 0, 0.3);
    return paint(mixRgb(GLASS, [0.45, 0.5, 0.55], smoothstep(0.9, 1.19, y) * 0.4), 0.04, 0, 0.5);
  }
  if (a > 0.27 && a < 0.41 && y > 0.6 && y < 0.72) return paint([1, 0.97, 0.85], 0.1, 0, 0.6); // headlights
  if (a > 0.27 && a < 0.41 && y > 0.75 && y < 0.8) return paint([1, 0.25, 0.1], 0.1, 0, 0.6); // warning lights
  if (a < 0.22 && y > 0.55 && y < 0.86) {
    const slat = Math.sin(y * 160) > 0.1;
    return paint(slat ? CHROME : BLACK, 0.2, slat ? 1 : 0, slat ? 0.7 : 0.2);
  }
  return null;
}

export const fireTruckPaint: Painter = (s) => {
  const [x, y, z] = s.p;
  if (s.part.startsWith('wheel')) return tyre(s, CHROME, 10, 1);
  if (s.part.startsWith('rail') || s.part.startsWith('rung')) return paint(ALU, 0.35, 0.9, 0.5);
  if (s.part.startsWith('strut') || s.part.startsWith('mirrorArm')) return paint(BLACK, 0.6);
  if (s.part.startsWith('mirror')) return s.n[0] < -0.5 ? paint(mixRgb(GLASS, [0.5, 0.55, 0.6], 0.5), 0.03, 0.6, 0.5) : paint(CHROME, 0.12, 1, 0.5);
  if (s.part === 'roofBar') return paint(Math.sin(z * 18) > -0.7 ? [1, 0.12, 0.1] : [0.6, 0.05, 0.05], 0.15, 0, 0.5);
  if (s.part === 'bumper') {
    if (s.n[0] > 0.5 && Math.abs(z) < 0.15 && Math.abs(y - 0.34) < 0.05) {
      const lit = textPixel('FD51', (0.12 - z) / 0.24, (0.375 - y) / 0.07);
      return paint(lit ? BLACK : hex('#f4f0d8'), 0.4, 0, lit ? 0.4 : 0.55);
    }
    return paint(CHROME, 0.12, 1, Math.sin(y * 260) > 0.7 ? 0.35 : 0.5);
  }
  if (s.part === 'cab' && s.n[0] > 0.6) {
    const front = truckFront(s);
    if (front) return front;
  }
  if (s.part === 'body' && s.n[1] > 0.7) {
    // The hose bed at the rear of the roof: folded yellow hose; diamond plate in front of it.
    if (x < -0.5 && Math.abs(z) < 0.36) {
      const fold = Math.sin(z * 90);
      return paint(mixRgb(hex('#d9b23a'), hex('#8a6a1c'), smoothstep(0.4, 1, fold)), 0.8, 0, 0.5 + 0.4 * fold);
    }
    const plate = Math.sin(x * 120 + z * 120) * Math.sin(x * 120 - z * 120) > 0.6;
    return paint(ALU, 0.45, 0.7, plate ? 0.65 : 0.5);
  }
  if ((s.part === 'body' || s.part === 'lockers') && s.n[0] < -0.7) {
    const a = Math.abs(z);
    // Light clusters up both rear corners (red, amber, white), a rear door in the middle, chevrons below.
    if (a > 0.33) {
      const light = y > 1.0 ? [1, 0.1, 0.08] : y > 0.9 ? [1, 0.55, 0.05] : y > 0.82 ? [0.95, 0.95, 0.9] : null;
      if (light) return paint(light as Rgb, 0.1, 0, 0.6);
    }
    if (y > 0.8 && a < 0.3) {
      if (Math.abs(a - 0.3) < 0.008 || Math.abs(a) < 0.006 || Math.abs(y - 0.8) < 0.008) return paint(SEAM, 0.6, 0, 0.2);
      if (Math.abs(y - 0.95) < 0.012 && a > 0.05 && a < 0.12) return paint(CHROME, 0.15, 1, 0.7);
      return paint(RED, 0.28);
    }
    const chevron = Math.sin((a * 6 + y * 6) * Math.PI) > 0;
    return paint(chevron ? YELLOW : RED, 0.3);
  }
  if (s.part === 'chassis' && s.n[0] < -0.7 && x < -1) return paint(CHROME, 0.25, 1, Math.sin(z * 200) > 0.5 ? 0.65 : 0.5); // tailboard step
  if (onSide(s) || Math.abs(s.n[0]) > 0.3) return truckSide(s);
  return paint(s.part === 'chassis' ? BLACK : RED, 0.3, 0, 0.5);
};

export const raceCarPaint: Painter = (s) => {
  const [x, y, z] = s.p;
  const a = Math.abs(z);
  const carbon = (): Paint => {
    const weave = Math.sin(s.tx * 1.6) * Math.sin(s.ty * 1.6) > 0;
    return paint(weave ? [0.07, 0.07, 0.08] : [0.12, 0.12, 0.13], 0.35, 0.2, weave ? 0.55 : 0.45);
  };
  const glass = (): Paint => paint(mixRgb(GLASS, [0.4, 0.5, 0.62], smoothstep(0.2, 0.9, s.n[1]) * 0.25), 0.04, 0, 0.5);
  if (s.part.startsWith('wheel')) return tyre(s, hex('#b8bcc2'), 5, 0.9);
  if (s.part.startsWith('mirrorArm')) return carbon();
  if (s.part === 'bumper' || s.part === 'roofBar') {
    if (s.part === 'roofBar' && s.n[1] > 0.5 && a < 0.3) {
      if (textPixel('SPORT', (z + 0.25) / 0.5, (x + 0.92) / 0.1)) return paint(WHITE, 0.3);
    }
    return carbon();
  }
  if (s.part.startsWith('strut')) return paint(BLUE, 0.25, 0, 0.5);
  if (s.part.startsWith('rail') || s.part.startsWith('rung') || s.part === 'lockers') return carbon();
  if (s.part === 'cab') {
    // A raked windscreen and a rear window of dark glass (they face forwards and backwards, so they
    // show from the front and the rear), side windows in blue pillars, a blue roof with the stripes.
    if (s.n[1] > 0.8) {
      if ((x > 0.08 || x < -0.4) && a < 0.3) return glass();
      if ((a > 0.04 && a < 0.1) || (a > 0.13 && a < 0.16)) return paint(WHITE, 0.25, 0, 0.52);
      return paint(BLUE, 0.22, 0.1);
    }
    if (y < 0.44) return paint(BLUE, 0.25);
    if (Math.abs(s.n[2]) > 0.5 && (x > 0.28 || x < -0.45 || Math.abs(x + 0.02) < 0.03)) return paint(BLUE, 0.25);
    return glass();
  }
  // Twin racing stripes over the top.
  if (s.n[1] > 0.45 && ((a > 0.04 && a < 0.1) || (a > 0.13 && a < 0.16))) return paint(WHITE, 0.25, 0, 0.52);
  // Headlights on the nose's corners, a wide black air intake below them.
  if (s.part === 'body' && x > 0.8 && s.n[1] < 0.85 && a > 0.2 && a < 0.42) return paint([1, 0.97, 0.88], 0.08, 0, 0.6);
  if (s.part === 'chassis' && s.n[0] > 0.4 && a < 0.32 && y > 0.13) return paint(BLACK, 0.6, 0, 0.3);
  // Tail lights across the rear, a carbon diffuser with two exhausts below.
  if (s.part === 'body' && x < -0.9 && s.n[0] < -0.3 && a > 0.12 && a < 0.46) return paint([0.95, 0.08, 0.06], 0.1, 0, 0.6);
  if (s.part === 'chassis' && s.n[0] < -0.45) {
    if (Math.hypot(a - 0.2, y - 0.2) < 0.04) return paint(Math.hypot(a - 0.2, y - 0.2) < 0.028 ? BLACK : CHROME, 0.2, 0.8, 0.3);
    return carbon();
  }
  if (y < 0.13) return carbon();
  if (onSide(s)) {
    if (s.part === 'chassis' && y < 0.17) return carbon(); // sills
    // Number roundel on the doors.
    const d = Math.hypot(x - 0.02, y - 0.31);
    if (s.part === 'body' && d < 0.1) {
      const digit = textPixel('27', sideX(s, -0.06, 0.1), (0.37 - y) / 0.12);
      return paint(digit ? BLACK : WHITE, 0.3, 0, digit ? 0.55 : 0.5);
    }
    if (s.part === 'body' && textPixel('SPORT', sideX(s, -0.5, -0.15), (0.36 - y) / 0.07)) return paint(WHITE, 0.3);
  }
  const flake = noise2(s.tx * 0.5, s.ty * 0.5, 4) * 0.06;
  return paint([BLUE[0] + flake, BLUE[1] + flake, BLUE[2] + flake], 0.22, 0.1, 0.5 + flake);
};
