/**
 * The shared vocabulary of Perturber: what the main thread, the views and the workers say to each
 * other. Everything imports it; it imports nothing of theirs (only its own files).
 */
export * from './model-meta';
export * from './model-status';
export * from './frame';
export * from './prediction';
export * from './activations';
export * from './interpret';
export * from './model-host-api';
export * from './references';
export * from './errors';
export * from './seeded-random';
