/**
 * The perturbation state of the scene: one typed, versioned object described by a field-spec table.
 * Defaults, validation, clamping, the URL format, the generated controls and whether a GPU pass is
 * needed (a field away from its default) all derive from FIELD_SPECS: adding a perturbation means
 * adding a row (or a section) here, never hand-written parsing. Checking and reading values from
 * links and stored presets is in field-values.ts.
 */

/** A number the user can perturb with a slider. */
export interface NumberFieldSpec {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  step: number;
  label: string;
  /** Shown after the value, e.g. "°". Empty when unitless. */
  unit: string;
  /** Optional one-line help for the control. */
  hint?: string;
}

/** One of a fixed set of string options. */
export interface ChoiceFieldSpec<O extends string = string> {
  kind: 'choice';
  default: O;
  options: readonly O[];
  label: string;
  unit: '';
  hint?: string;
}

/** A colour, stored and URL-serialised as six lowercase hex digits without '#' ("ff8800"). */
export interface ColorFieldSpec {
  kind: 'color';
  default: string;
  label: string;
  unit: '';
  hint?: string;
}

/** An on/off switch; its value is true when on. */
export interface ToggleFieldSpec {
  kind: 'toggle';
  default: boolean;
  /**
   * How off and on are written in links and stored presets: "off"/"on", unless the field was written
   * otherwise before the toggle kind existed (its old links and presets keep loading unchanged).
   */
  written: readonly [off: string | number, on: string | number];
  label: string;
  unit: '';
  hint?: string;
}

export type FieldSpec = NumberFieldSpec | ChoiceFieldSpec | ColorFieldSpec | ToggleFieldSpec;
/** Any field's value: number, choice or colour text, or on/off. */
export type AnyFieldValue = number | string | boolean;

const num = (spec: Omit<NumberFieldSpec, 'kind'>): NumberFieldSpec => ({ kind: 'number', ...spec });
const choice = <const O extends string>(spec: {
  default: O;
  options: readonly O[];
  label: string;
  hint?: string;
}): ChoiceFieldSpec<O> => ({ kind: 'choice', unit: '', ...spec });
const color = (spec: { default: string; label: string; hint?: string }): ColorFieldSpec => ({ kind: 'color', unit: '', ...spec });
const toggle = (spec: { default: boolean; label: string; hint?: string; written?: ToggleFieldSpec['written'] }): ToggleFieldSpec => ({
  kind: 'toggle',
  unit: '',
  written: ['off', 'on'],
  ...spec
});

/** The CC0 environment images (HDRIs of @pmndrs/assets) a background can show. */
export const ENVIRONMENT_NAMES = [
  'apartment', 'bridge', 'city', 'dawn', 'esplanade', 'forest', 'hall', 'lab', 'lobby',
  'night', 'park', 'sky', 'studio', 'sunrise', 'sunset', 'venice', 'warehouse', 'workshop'
] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** Bump when a field changes meaning; parseState refuses states written for another version. */
export const SCHEMA_VERSION = 1;

export const FIELD_SPECS = {
  camera: {
    yaw: num({ default: 30, min: -180, max: 180, step: 1, label: 'Yaw', unit: '°', hint: 'Orbit left and right around the subject' }),
    pitch: num({ default: 20, min: -89, max: 89, step: 1, label: 'Pitch', unit: '°', hint: 'Orbit above or below the subject' }),
    roll: num({ default: 0, min: -180, max: 180, step: 1, label: 'Roll', unit: '°', hint: 'Tilt the camera about its view axis' }),
    distance: num({ default: 4, min: 1.5, max: 12, step: 0.1, label: 'Distance', unit: '', hint: 'How far the camera is from the subject' }),
    fov: num({ default: 40, min: 10, max: 100, step: 1, label: 'Field of view', unit: '°', hint: 'Vertical field of view of the model camera' })
  },
  placement: {
    x: num({ default: 0, min: -2, max: 2, step: 0.01, label: 'Position x', unit: '', hint: 'Moves the subject left and right (world units)' }),
    y: num({ default: 0, min: -1, max: 1.5, step: 0.01, label: 'Position y', unit: '', hint: 'Moves the subject up and down (world units)' }),
    scale: num({ default: 1, min: 0.2, max: 3, step: 0.01, label: 'Scale', unit: '×', hint: 'Size of the subject about its base' })
  },
  lighting: {
    ambient: num({ default: 1.1, min: 0, max: 4, step: 0.05, label: 'Ambient', unit: '', hint: 'Sky/ground fill light intensity' }),
    directional: num({ default: 2.4, min: 0, max: 8, step: 0.05, label: 'Key light', unit: '', hint: 'Directional (sun) light intensity' }),
    azimuth: num({ default: 55, min: -180, max: 180, step: 1, label: 'Light azimuth', unit: '°', hint: 'Direction the key light comes from, around the subject' }),
    elevation: num({ default: 55, min: -30, max: 90, step: 1, label: 'Light elevation', unit: '°', hint: 'Height of the key light above the horizon' }),
    color: color({ default: 'ffffff', label: 'Light colour', hint: 'Tints every light' }),
    shading: num({ default: 1, min: 0, max: 1, step: 0.01, label: 'Lighting influence', unit: '', hint: '0 shows the unlit texture colours (albedo), 1 the fully lit shading' }),
    shadows: toggle({ default: true, label: 'Shadows' })
  },
  background: {
    mode: choice({ default: 'none', options: ['none', 'color', 'environment'], label: 'Background', hint: 'none: neutral grey; color: a solid colour; environment: a CC0 HDRI' }),
    color: color({ default: '5b8fd6', label: 'Background colour', hint: 'Used when the background is "color"' }),
    environment: choice({ default: 'park', options: ENVIRONMENT_NAMES, label: 'Environment', hint: 'Used when the background is "environment"' }),
    blur: num({ default: 0, min: 0, max: 16, step: 0.1, label: 'Background blur', unit: 'px', hint: 'Gaussian sigma in pixels of a 224-pixel frame; the subject stays sharp' }),
    saturation: num({ default: 1, min: 0, max: 2, step: 0.01, label: 'Background saturation', unit: '', hint: '0 makes the background grey; the subject keeps its colours' }),
    brightness: num({ default: 1, min: 0, max: 3, step: 0.01, label: 'Background brightness', unit: '×', hint: 'Multiplies the background only' })
  },
  image: {
    hue: num({ default: 0, min: -180, max: 180, step: 1, label: 'Hue shift', unit: '°' }),
    saturation: num({ default: 1, min: 0, max: 3, step: 0.01, label: 'Saturation', unit: '', hint: '0 is greyscale' }),
    lightness: num({ default: 0, min: -1, max: 1, step: 0.01, label: 'Lightness', unit: '', hint: 'Towards black (-1) or white (+1)' }),
    contrast: num({ default: 1, min: 0, max: 3, step: 0.01, label: 'Contrast', unit: '' }),
    blur: num({ default: 0, min: 0, max: 12, step: 0.1, label: 'Gaussian blur', unit: 'px', hint: 'Sigma in pixels of a 224-pixel frame' }),
    lowPass: num({ default: 112, min: 1, max: 112, step: 1, label: 'Low-pass cutoff', unit: ' c/img', hint: 'Keeps detail coarser than this many cycles per image; 112 (the maximum) is off' }),
    highPass: num({ default: 0, min: 0, max: 56, step: 1, label: 'High-pass cutoff', unit: ' c/img', hint: 'Removes detail coarser than this many cycles per image (shown around mid-grey); 0 is off' }),
    noise: num({ default: 0, min: 0, max: 0.5, step: 0.01, label: 'Gaussian noise', unit: '', hint: 'Standard deviation of additive noise, per channel (0..1 scale)' }),
    saltPepper: num({ default: 0, min: 0, max: 0.5, step: 0.01, label: 'Salt and pepper', unit: '', hint: 'Fraction of pixels set to black or white' }),
    seed: num({ default: 1, min: 0, max: 9999, step: 1, label: 'Noise seed', unit: '', hint: 'The same seed gives the same noise pattern' }),
    pixelate: num({ default: 1, min: 1, max: 32, step: 1, label: 'Pixelation', unit: 'px', hint: 'Block size in pixels of a 224-pixel frame; 1 is off' }),
    fade: num({ default: 0, min: 0, max: 1, step: 0.01, label: 'Fade to black', unit: '' }),
    occlusionSize: num({ default: 0, min: 0, max: 1, step: 0.01, label: 'Occlusion size', unit: '', hint: 'Side of a grey square patch, as a fraction of the frame; 0 is off' }),
    occlusionX: num({ default: 0.5, min: 0, max: 1, step: 0.01, label: 'Occlusion x', unit: '', hint: 'Patch centre: 0 left, 1 right' }),
    occlusionY: num({ default: 0.5, min: 0, max: 1, step: 0.01, label: 'Occlusion y', unit: '', hint: 'Patch centre: 0 top, 1 bottom' })
  },
  subject: {
    source: choice({ default: 'procedural', options: ['procedural', 'gltf', 'photo'], label: 'Source', hint: 'procedural: the morphable pairs; gltf: your imported 3D model; photo: your imported photo on a plane' }),
    pair: choice({ default: 'animal', options: ['animal', 'vehicle'], label: 'Subject', hint: 'animal: dog to cat; vehicle: fire truck to race car' }),
    shape: num({ default: 0, min: 0, max: 1, step: 0.01, label: 'Shape morph', unit: '', hint: '0 is the dog (fire truck) shape, 1 the cat (race car) shape' }),
    texture: num({ default: 0, min: 0, max: 1, step: 0.01, label: 'Texture morph', unit: '', hint: '0 is the dog (fire truck) texture, 1 the cat (race car) texture' }),
    untextured: toggle({ default: false, label: 'No texture', hint: 'Shows a plain, smooth surface instead of the textures', written: [0, 1] }),
    textureBlur: num({ default: 0, min: 0, max: 16, step: 0.5, label: 'Texture blur', unit: 'px', hint: 'Gaussian sigma in texels of the 512-pixel texture' })
  }
} as const;

export type FieldSpecs = typeof FIELD_SPECS;
export type SectionName = keyof FieldSpecs;

type ValueOf<S> = S extends ChoiceFieldSpec<infer O>
  ? O
  : S extends NumberFieldSpec
    ? number
    : S extends ColorFieldSpec
      ? string
      : S extends ToggleFieldSpec
        ? boolean
        : never;

/** The state, section by section, with the value type each spec declares. */
export type SceneState = { version: typeof SCHEMA_VERSION } & {
  -readonly [S in SectionName]: { -readonly [F in keyof FieldSpecs[S]]: ValueOf<FieldSpecs[S][F]> };
};

/** "section.field", e.g. "camera.yaw". */
export type FieldPath = {
  [S in SectionName]: `${S}.${Extract<keyof FieldSpecs[S], string>}`;
}[SectionName];

/** Paths of the number fields only (the ones a slider drives). */
export type NumberFieldPath = {
  [S in SectionName]: {
    [F in Extract<keyof FieldSpecs[S], string>]: FieldSpecs[S][F] extends NumberFieldSpec ? `${S}.${F}` : never;
  }[Extract<keyof FieldSpecs[S], string>];
}[SectionName];

export type FieldValue<P extends FieldPath> = P extends `${infer S}.${infer F}`
  ? S extends SectionName
    ? F extends keyof SceneState[S]
      ? SceneState[S][F]
      : never
    : never
  : never;

export interface FieldEntry {
  path: FieldPath;
  section: SectionName;
  field: string;
  spec: FieldSpec;
}

/** Every field, in table order. */
export const FIELDS: readonly FieldEntry[] = Object.entries(FIELD_SPECS).flatMap(([section, fields]) =>
  Object.entries(fields as Record<string, FieldSpec>).map(([field, spec]) => ({
    path: `${section}.${field}` as FieldPath,
    section: section as SectionName,
    field,
    spec
  }))
);

const BY_PATH = new Map<string, FieldEntry>(FIELDS.map((f) => [f.path, f]));

export function fieldEntry(path: string): FieldEntry | undefined {
  return BY_PATH.get(path);
}

export function fieldSpec(path: FieldPath): FieldSpec {
  return BY_PATH.get(path)!.spec;
}

export function numberSpec(path: NumberFieldPath): NumberFieldSpec {
  return BY_PATH.get(path)!.spec as NumberFieldSpec;
}

/** Decimals of a number field's step (0.05 -> 2): what its readout shows; links write one more. */
export function stepDecimals(spec: NumberFieldSpec): number {
  const text = String(spec.step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** The fields of one section, in table order. */
export function sectionFields(section: SectionName): FieldEntry[] {
  return FIELDS.filter((f) => f.section === section);
}

export function defaultState(): SceneState {
  const state: Record<string, unknown> = { version: SCHEMA_VERSION };
  for (const { section, field, spec } of FIELDS) {
    const s = (state[section] ??= {}) as Record<string, unknown>;
    s[field] = spec.default;
  }
  return state as SceneState;
}

/** The field's value; `state` may hold only some sections (those the path needs). */
export function getField(state: Readonly<Partial<SceneState>>, path: FieldPath): AnyFieldValue {
  const entry = BY_PATH.get(path)!;
  return (state[entry.section] as Record<string, AnyFieldValue>)[entry.field];
}

/** Whether any of the fields is away from its default: the one test of "this perturbation is on". */
export function changedFromDefault(state: Readonly<Partial<SceneState>>, paths: readonly FieldPath[]): boolean {
  return paths.some((path) => getField(state, path) !== BY_PATH.get(path)!.spec.default);
}

/** Writes without checking; callers validate first (see validateValue in field-values.ts). */
export function setFieldUnchecked(state: SceneState, path: FieldPath, value: AnyFieldValue): void {
  const entry = BY_PATH.get(path)!;
  (state[entry.section] as Record<string, AnyFieldValue>)[entry.field] = value;
}

export function cloneState(state: SceneState): SceneState {
  return JSON.parse(JSON.stringify(state)) as SceneState;
}

