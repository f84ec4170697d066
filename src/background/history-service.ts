/**
 * The publisher timeline and the analysis of a release against it and against what the user
 * has seen before (identity memory). Requests and results go through ReleaseService, so the
 * same caches and concurrency limit apply.
 */
import {
  chooseReleaseFiles,
  computeWarnings,
  identityOf,
  type Identity,
  type TimelineEntry,
} from '../core/history.js';
import { normalizeVersion } from '../core/filename.js';
import {
  accept,
  checkMemory,
  memoryKey,
  observeRelease,
  pin,
  remember,
  unpin,
} from '../core/memory.js';
import { PypiError } from '../core/errors.js';
import { errorResult, type FileResult } from '../core/result.js';
import type { Analysis, Timeline } from '../shared/view-model.js';
import type { MemoryStore } from './memory-store.js';
import type { ReleaseService } from './release-service.js';

export class HistoryService {
  constructor(
    private readonly service: ReleaseService,
    readonly memories: MemoryStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** One file per release, newest first, verified (cached like any other check). */
  async timeline(index: string, project: string, limit = 20, offset = 0): Promise<Timeline> {
    let listing;
    try {
      listing = await this.service.listProject(index, project);
    } catch (err) {
      const e = err instanceof PypiError ? err : new PypiError('INTERNAL_ERROR', String(err));
      return {
        entries: [],
        releases: 0,
        hasMore: false,
        error: { code: e.code, message: e.message },
      };
    }
    const all = chooseReleaseFiles(listing, Number.MAX_SAFE_INTEGER);
    const chosen = all.slice(offset, offset + limit);
    const entries = await Promise.all(
      chosen.map(async ({ version, file }): Promise<TimelineEntry> => {
        const result: FileResult =
          file.provenanceUrl === null
            ? errorResult(
                file.filename,
                file.sha256,
                new PypiError('NO_PROVENANCE', `PyPI has no provenance for ${file.filename}`),
              )
            : await this.service.checkListedFile(index, project, { version }, file);
        const identity = identityOf(result);
        return { version, filename: file.filename, result, ...(identity && { identity }) };
      }),
    );
    return { entries, releases: all.length, hasMore: offset + limit < all.length };
  }

  /**
   * The release's warnings (against its history) and memory alerts (against what the user saw
   * before); then remembers what was seen now (trust on first use).
   */
  async analyse(
    index: string,
    project: string,
    version: string,
    files: readonly FileResult[],
  ): Promise<Analysis> {
    const timeline = await this.timeline(index, project);
    const normalized = normalizeVersion(version) ?? version;
    const warnings = computeWarnings(normalized, files, timeline.entries);
    // An unsupported file has no verified identity: it counts as one without provenance.
    const observed = observeRelease(files);
    const identity = observed.identities[0];
    const key = memoryKey(index, project);
    const before = await this.memories.get(key);
    const alerts = checkMemory(before, observed);
    const memory =
      (await this.memories.update(key, (m) => remember(m, { ...observed, version }, this.now()))) ??
      null;
    return {
      version,
      warnings,
      alerts,
      ...(identity && { identity }),
      memory,
      ...(timeline.error && { historyError: timeline.error }),
    };
  }

  pin(index: string, project: string, identity: Identity, version: string) {
    return this.memories.update(memoryKey(index, project), (m) =>
      pin(m, identity, version, this.now()),
    );
  }

  accept(index: string, project: string, identity: Identity, version: string) {
    return this.memories.update(memoryKey(index, project), (m) =>
      accept(m, identity, version, this.now()),
    );
  }

  unpin(index: string, project: string) {
    return this.memories.update(memoryKey(index, project), (m) => (m ? unpin(m) : m));
  }

  forget(index: string, project: string) {
    return this.memories.update(memoryKey(index, project), () => undefined);
  }
}
