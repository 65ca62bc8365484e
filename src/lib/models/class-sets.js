/**
 * The class sets of the procedural subjects: which ImageNet classes count as "the right kind" for the
 * dog, the cat, the fire truck and the race car. Defined once, here, for the app's preprocessing check
 * (models/preprocess-check.ts) and for `npm run recognise` (bench/recognise.mjs, plain Node: hence a
 * plain ES module with JSDoc types, importing nothing).
 *
 * Members are matched by label text, not by index: a label's first synonym ("tabby, tabby cat" ->
 * "tabby"), so a model with a background class, another label order or terser labels still maps, and
 * labels that do not fit the outputs (e.g. shuffled) do not.
 */

/**
 * @typedef {object} ClassSet
 * @property {string} id       the subject it belongs to ('dog', 'cat', 'fire truck', 'race car')
 * @property {string} name     how the UI and reports describe it
 * @property {readonly string[]} members  first synonyms of the ImageNet labels in the set
 */

/** ImageNet-1k classes 151..268: the dog breeds. */
const DOG_BREEDS = [
  'Chihuahua', 'Japanese spaniel', 'Maltese dog', 'Pekinese', 'Shih-Tzu', 'Blenheim spaniel', 'papillon', 'toy terrier',
  'Rhodesian ridgeback', 'Afghan hound', 'basset', 'beagle', 'bloodhound', 'bluetick', 'black-and-tan coonhound',
  'Walker hound', 'English foxhound', 'redbone', 'borzoi', 'Irish wolfhound', 'Italian greyhound', 'whippet',
  'Ibizan hound', 'Norwegian elkhound', 'otterhound', 'Saluki', 'Scottish deerhound', 'Weimaraner',
  'Staffordshire bullterrier', 'American Staffordshire terrier', 'Bedlington terrier', 'Border terrier',
  'Kerry blue terrier', 'Irish terrier', 'Norfolk terrier', 'Norwich terrier', 'Yorkshire terrier',
  'wire-haired fox terrier', 'Lakeland terrier', 'Sealyham terrier', 'Airedale', 'cairn', 'Australian terrier',
  'Dandie Dinmont', 'Boston bull', 'miniature schnauzer', 'giant schnauzer', 'standard schnauzer', 'Scotch terrier',
  'Tibetan terrier', 'silky terrier', 'soft-coated wheaten terrier', 'West Highland white terrier', 'Lhasa',
  'flat-coated retriever', 'curly-coated retriever', 'golden retriever', 'Labrador retriever',
  'Chesapeake Bay retriever', 'German short-haired pointer', 'vizsla', 'English setter', 'Irish setter',
  'Gordon setter', 'Brittany spaniel', 'clumber', 'English springer', 'Welsh springer spaniel', 'cocker spaniel',
  'Sussex spaniel', 'Irish water spaniel', 'kuvasz', 'schipperke', 'groenendael', 'malinois', 'briard', 'kelpie',
  'komondor', 'Old English sheepdog', 'Shetland sheepdog', 'collie', 'Border collie', 'Bouvier des Flandres',
  'Rottweiler', 'German shepherd', 'Doberman', 'miniature pinscher', 'Greater Swiss Mountain dog',
  'Bernese mountain dog', 'Appenzeller', 'EntleBucher', 'boxer', 'bull mastiff', 'Tibetan mastiff', 'French bulldog',
  'Great Dane', 'Saint Bernard', 'Eskimo dog', 'malamute', 'Siberian husky', 'dalmatian', 'affenpinscher', 'basenji',
  'pug', 'Leonberg', 'Newfoundland', 'Great Pyrenees', 'Samoyed', 'Pomeranian', 'chow', 'keeshond',
  'Brabancon griffon', 'Pembroke', 'Cardigan', 'toy poodle', 'miniature poodle', 'standard poodle', 'Mexican hairless'
];

/** @type {readonly ClassSet[]} */
export const CLASS_SETS = [
  { id: 'dog', name: 'any dog breed', members: DOG_BREEDS },
  { id: 'cat', name: 'a domestic cat (tabby, tiger cat, Persian, Siamese, Egyptian)', members: ['tabby', 'tiger cat', 'Persian cat', 'Siamese cat', 'Egyptian cat'] },
  { id: 'fire truck', name: 'fire engine', members: ['fire engine'] },
  { id: 'race car', name: 'racer or sports car', members: ['racer', 'sports car'] }
];

/**
 * First synonyms that name two ImageNet classes when case is ignored ("Cardigan" the corgi, "cardigan"
 * the jacket): these are compared with their case.
 */
const CASE_SENSITIVE = new Set(['cardigan']);

/** "tabby, tabby cat" -> "tabby"; "Siamese_cat" -> "siamese cat": the text a label is matched by. */
export function labelKey(label) {
  const first = String(label).split(',')[0].replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  return CASE_SENSITIVE.has(first.toLowerCase()) ? first : first.toLowerCase();
}

/** The set of keys of a class set's members. @param {ClassSet} set */
function memberKeys(set) {
  return new Set(set.members.map(labelKey));
}

/** The class set with this id; throws for an unknown one. @param {string} id @returns {ClassSet} */
export function classSet(id) {
  const set = CLASS_SETS.find((s) => s.id === id);
  if (!set) throw new Error(`No class set "${id}"`);
  return set;
}

/** Whether a label names a member of the set. @param {ClassSet} set @param {string} label */
export function inClassSet(set, label) {
  return memberKeys(set).has(labelKey(label));
}

/**
 * The label indices (class indices, not output indices) of a set's members in `labels`.
 * @param {ClassSet} set @param {readonly string[]} labels @returns {number[]}
 */
export function classSetIndices(set, labels) {
  const keys = memberKeys(set);
  const found = [];
  labels.forEach((label, i) => {
    if (keys.has(labelKey(label))) found.push(i);
  });
  return found;
}
