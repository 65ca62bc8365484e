/** Model metadata for tests: a small two-class layers model unless overridden. */
import type { ModelMeta } from '../../src/lib/protocol';

export function testMeta(overrides: Partial<ModelMeta> = {}): ModelMeta {
  return {
    id: 'm1',
    name: 'Test net',
    format: 'layers',
    inputSize: [8, 8], // the smallest input an import accepts (a stored record is checked the same way)
    preprocess: { kind: 'range11' },
    outputKind: 'probabilities',
    classOffset: 0,
    numOutputs: 2,
    labels: ['cat', 'dog'],
    sizeBytes: 10,
    source: { kind: 'files', fileNames: ['model.json'] },
    addedAt: 0,
    backend: 'auto',
    ...overrides
  };
}
