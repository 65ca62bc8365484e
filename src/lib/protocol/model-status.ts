/** Where a model's worker stands, as the model list and the prediction panels show it. */
export type ModelStatus = 'loading' | 'ready' | 'error' | 'restarting' | 'stopped';
