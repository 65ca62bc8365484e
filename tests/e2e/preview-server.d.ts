/** Types of preview-server.js (the build served by `vite preview`; part of harness.js). */

export declare const ROOT: string;

export interface Preview {
  url: string;
  stop(): Promise<void>;
}

/** Whether the build in `dir` carries `window.__perturber` (built with VITE_TEST_HOOKS=1). */
export declare function hasTestHooks(dir: string): boolean;
/** Throws unless `dir` holds a production build made for tests (`VITE_TEST_HOOKS=1 vite build`). */
export declare function assertTestBuild(dir: string): void;
/** Each e2e file's base port (before `E2E_PORT_OFFSET`). */
export declare const PORTS: {
  app: number;
  pixels: number;
  inspect: number;
  subjects: number;
  limits: number;
  update: number;
  persistent: number;
  noWebgl: number;
  contextLoss: number;
  install: number;
  bundled: number;
  preprocessCheck: number;
  scenarios: number;
  tablet: number;
  sweep: number;
  experimentsView: number;
  protocolsView: number;
};
/** `basePort` shifted by `E2E_PORT_OFFSET`. */
export declare function e2ePort(basePort: number): number;
/** Start `vite preview` on `port` (+ `E2E_PORT_OFFSET`) and wait until it answers. */
export declare function startPreview(port: number): Promise<Preview>;
