/**
 * Guided scenarios for teaching: built-in, read-only stories taken from the classic failure modes of
 * image classifiers. Each one sets the scene (the fields that differ from the defaults), names the one
 * control to move next with a value to move it to, and says in two or three plain sentences what to
 * watch for. Static data in code, so it works offline; a scenario has a stable link, ?scenario=<id>
 * (see scenario-url.ts).
 */
import { defaultState, fieldEntry, setFieldUnchecked, type AnyFieldValue, type FieldPath, type SceneState } from './schema';

export interface Scenario {
  /** Stable and URL-safe: lowercase words joined by "-". */
  id: string;
  title: string;
  /** The scene the story starts from: the fields that differ from the defaults. */
  setup: Readonly<Partial<Record<FieldPath, AnyFieldValue>>>;
  /** The one control to move next, and a value to move it to (the text names its label). */
  next: { path: FieldPath; to: AnyFieldValue };
  /** Two or three sentences for a classroom: what to move and what to watch for. */
  text: string;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'turn-the-dog-around',
    title: 'Turn the dog around',
    setup: {},
    next: { path: 'camera.yaw', to: 180 },
    text:
      'Slide Yaw all the way to 180° to walk around the dog and see it from behind. ' +
      'Watch the breed on top change with the view (beagle, foxhound, bloodhound), while MobileNet keeps seeing a dog from every side. ' +
      'Photos show dogs from the side and from behind all the time; the next scenarios try views that photos rarely show.'
  },
  {
    id: 'look-from-below',
    title: 'Look from below',
    setup: {},
    next: { path: 'camera.pitch', to: -60 },
    text:
      'Slide Pitch below 0 to look at the dog from underneath, a view that hardly any photo shows. ' +
      'The top class first turns into other dog breeds and then, somewhere past −40°, into objects such as “balance beam” or “swing”, although it is the same dog.'
  },
  {
    id: 'upside-down',
    title: 'Turn the picture upside down',
    setup: {},
    next: { path: 'camera.roll', to: 180 },
    text:
      'Slide Roll to tilt the camera until the dog is upside down. ' +
      'Photos are almost always taken upright, so the models never learned a sideways dog: by 90° MobileNet usually names a bird, and upside down something like “dumbbell”.'
  },
  {
    id: 'grey-the-background',
    title: 'Grey the background',
    setup: { 'subject.pair': 'vehicle', 'background.mode': 'environment', 'background.environment': 'city' },
    next: { path: 'background.saturation', to: 0 },
    text:
      'A fire truck in a city street: slide Background saturation to 0 to turn the street grey while the truck keeps its red. ' +
      'Watch the top class: it stays the same (in the street MobileNet takes this truck for an ambulance), so the colours behind the truck are only a small part of the evidence.'
  },
  {
    id: 'forest-or-city',
    title: 'Forest or city?',
    setup: { 'subject.pair': 'vehicle', 'background.mode': 'environment', 'background.environment': 'forest' },
    next: { path: 'background.environment', to: 'city' },
    text:
      'The same fire truck, parked in a forest: MobileNet calls it a jeep. ' +
      'Switch the Environment to city and watch the top class change (to “ambulance”), only because of the street around it. ' +
      'Models learn the places things are usually photographed in, not only the things.'
  },
  {
    id: 'texture-only',
    title: 'Texture only: no lighting',
    setup: {},
    next: { path: 'lighting.shading', to: 0 },
    text:
      'Slide Lighting influence to 0: the shading and shadows on the body go, and the dog looks flat like a paper cut-out with only its coat colours. ' +
      'MobileNet still sees a dog, because colours and fur pattern carry much of its evidence; compare with “Shape only”.'
  },
  {
    id: 'shape-only',
    title: 'Shape only: texture off',
    setup: {},
    next: { path: 'subject.untextured', to: true },
    text:
      'Tick No texture to paint the dog a plain, smooth colour: the shape stays exactly the same. ' +
      'To a person it is still clearly a dog, yet MobileNet stops naming a dog and guesses things like “bikini”. ' +
      'ImageNet models rely more on texture than on shape.'
  },
  {
    id: 'cue-conflict',
    title: 'A dog’s shape with a cat’s coat',
    setup: { 'subject.shape': 0, 'subject.texture': 1 },
    next: { path: 'subject.texture', to: 0 },
    text:
      'This is the dog’s body wearing the cat’s striped coat: MobileNet still sees a dog, but the breed follows the coat (a bloodhound rather than a foxhound). ' +
      'Slide Texture morph back towards 0 and the foxhound of the dog’s own coat returns.'
  },
  {
    id: 'cat-with-dog-coat',
    title: 'A cat’s shape with a dog’s coat',
    setup: { 'subject.shape': 1, 'subject.texture': 0 },
    next: { path: 'subject.texture', to: 1 },
    text:
      'This is the cat’s body wearing the dog’s coat, and MobileNet calls it a hound: it follows the coat, not the shape. ' +
      'Slide Texture morph towards 1 to give the cat its own coat and watch the dog breeds leave the top.'
  },
  {
    id: 'low-pass',
    title: 'Low-pass: only the coarse shapes',
    setup: {},
    next: { path: 'image.lowPass', to: 8 },
    text:
      'Slide Low-pass cutoff down from 112 to blur away the fine detail and keep only coarse shapes. ' +
      'At first MobileNet is even surer of the dog, but somewhere below about 20 cycles per image the dog is gone and the guesses become objects like “chain” or “cleaver”.'
  },
  {
    id: 'high-pass',
    title: 'High-pass: only the fine detail',
    setup: {},
    next: { path: 'image.highPass', to: 24 },
    text:
      'Slide High-pass cutoff up from 0 to remove the coarse light and shade, leaving only edges and fur detail on grey. ' +
      'MobileNet keeps finding a dog for a while (often a different breed), then by about 24 it names things like “cradle” or “hook”.'
  },
  {
    id: 'noise',
    title: 'Add noise',
    setup: {},
    next: { path: 'image.noise', to: 0.3 },
    text:
      'Slide Gaussian noise up to sprinkle random speckles over the picture. ' +
      'The breeds on top shuffle at once, and at about 0.3 MobileNet usually names something else entirely, like “jigsaw puzzle”, although a person still sees the dog easily.'
  },
  {
    id: 'fade-to-black',
    title: 'Fade to black',
    setup: {},
    next: { path: 'image.fade', to: 0.97 },
    text:
      'Slide Fade to black towards 1 to darken the whole picture. ' +
      'MobileNet holds on to a dog for surprisingly long, still naming a breed at 0.95, and only in the last few steps gives up for things like “digital clock” or “spotlight”.'
  },
  {
    id: 'adversarial-hold',
    title: 'An attack held while the camera moves',
    setup: { 'camera.yaw': 60 },
    next: { path: 'camera.yaw', to: 50 },
    text:
      'Open “Adversarial attack” under the models, press Attack and tick “Hold perturbation”: a faint pattern made for this exact view changes the top class. ' +
      'Now move Yaw by a few degrees and watch the attack’s class disappear from the top, because the pattern no longer fits the picture.'
  }
];

const BY_ID = new Map(SCENARIOS.map((s) => [s.id, s]));

export function scenarioById(id: string | null | undefined): Scenario | undefined {
  return id ? BY_ID.get(id) : undefined;
}

/** The whole scene state a scenario starts from: the defaults with its setup applied. */
export function scenarioState(scenario: Scenario): SceneState {
  const state = defaultState();
  for (const [path, value] of Object.entries(scenario.setup)) {
    if (value === undefined || !fieldEntry(path)) continue;
    setFieldUnchecked(state, path as FieldPath, value);
  }
  return state;
}
