/** Types of ensure-browsers.mjs (for the tests and tests/browsers/engines.ts). */
type Env = Record<string, string | undefined>;
export type Lane = 'chromium' | 'webkit' | 'firefox';
export interface Requirement {
  what: string;
  path: string;
  packages: string[];
}
export declare function miniBrowserPath(env?: Env, exists?: (path: string) => boolean, list?: (dir: string) => string[]): string;
export declare function requirements(env?: Env, exists?: (path: string) => boolean): Record<Lane, Requirement[]>;
export declare function plan(options: {
  lanes: string[];
  requirements: Record<string, Requirement[]>;
  exists: (path: string) => boolean;
  isRoot: boolean;
  hasApt: boolean;
  mayInstall?: boolean;
}): { action: 'ok' | 'install' | 'stop'; missing: Requirement[]; packages: string[]; message?: string };
