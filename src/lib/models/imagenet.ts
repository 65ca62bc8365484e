/**
 * The 1000 ImageNet-1k class labels in the standard (Keras / TF) order, index = class id.
 * Taken from @tensorflow-models/mobilenet (a CommonJS file: the explicit `.js` path resolves the
 * same way in Vite, in workers and under Vitest/Node; its named export is statically detectable).
 */
import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes.js';

export const IMAGENET_LABELS: string[] = Array.from({ length: 1000 }, (_, i) => {
  const label = IMAGENET_CLASSES[i];
  if (typeof label !== 'string') throw new Error(`ImageNet class ${i} is missing from the bundled labels`);
  return label;
});
