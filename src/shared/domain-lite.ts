/**
 * The core's vocabulary for the content script: src/shared/domain.ts without the parts that
 * cost bytes at load (the PEP 440 grammar behind normalizeVersion, memory and risk rules). The
 * content script is injected into every project page and stays ≤ 15 kB; it imports the core
 * only through this file (eslint.config.js).
 */
export type { FileResult, FileState, ReleaseState } from '../core/result.js';
export { releaseState } from '../core/result.js';
export { canonicalizeName } from '../core/project-name.js';
