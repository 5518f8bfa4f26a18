/** Types for ensure-chromium.mjs, so TypeScript callers (tests/e2e, tests/bench) can import it. */
export declare function ensureChromium(env?: NodeJS.ProcessEnv): Promise<string>;
