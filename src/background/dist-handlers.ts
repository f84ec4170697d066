/**
 * The background's answers for files rather than pages (issue 14): a local distribution file
 * checked against its provenance (the check page), and where a release's files are served
 * (the popup's install text). Part of the one `Handlers` object (handlers.ts).
 */
import { checkDistribution } from '../core/check.js';
import { RequestError, type Handlers } from '../shared/messages.js';
import type { ReleaseService } from './release-service.js';

type DistHandlers = Pick<Handlers, 'checkDistribution' | 'releaseDownloads'>;

export function createDistHandlers(service: ReleaseService): DistHandlers {
  return {
    async checkDistribution(req) {
      // The core's one check, given the file's own digest: the statement's subject must name
      // these bytes. It shares the caches (keyed by digest) with the pages' checks.
      const checked = await checkDistribution(
        {
          listRelease: (project, version) => service.listRelease(req.index, project, version),
          check: (project, version, file) =>
            service.checkListedFile(req.index, project, { version }, file),
        },
        req.filename,
        req.sha256,
      );
      if (!checked.ok) throw new RequestError('BAD_REQUEST', checked.reason);
      const { project, version, result, listed } = checked.value;
      return {
        index: req.index,
        project,
        version,
        filename: req.filename,
        sha256: req.sha256.toLowerCase(),
        result,
        listed,
      };
    },
    async releaseDownloads(req) {
      const release = await service.listRelease(req.index, req.project, req.version);
      return {
        files: release.files.map((f) => ({
          filename: f.filename,
          sha256: f.sha256,
          ...(f.url !== undefined && { url: f.url }),
          ...(f.size !== undefined && { size: f.size }),
          ...(f.uploadTime !== undefined && { uploadTime: f.uploadTime }),
        })),
      };
    },
  };
}
