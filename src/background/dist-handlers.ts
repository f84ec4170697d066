/**
 * The background's answers for files rather than pages (issue 14): a local distribution file
 * checked against its provenance (the check page), and where a release's files are served
 * (the popup's install text). Part of the one `Handlers` object (handlers.ts).
 */
import { PypiError } from '../core/errors.js';
import { parseDistributionFilename } from '../core/filename.js';
import { RequestError, type Handlers } from '../shared/messages.js';
import type { DistributionCheck } from '../shared/view-model.js';
import type { ReleaseService } from './release-service.js';

type DistHandlers = Pick<Handlers, 'checkDistribution' | 'releaseDownloads'>;

export function createDistHandlers(service: ReleaseService): DistHandlers {
  return {
    async checkDistribution(req) {
      // PEP 427 / PEP 625 names: the project and version to look up, parsed as pip would.
      const parsed = parseDistributionFilename(req.filename);
      if (!parsed.ok) throw new RequestError('BAD_REQUEST', parsed.reason);
      const sha256 = req.sha256.toLowerCase();
      let { name: project, version } = parsed.value;
      let listed: DistributionCheck['listed'];
      try {
        const release = await service.listRelease(req.index, project, version);
        ({ project, version } = release);
        const file = release.files.find((f) => f.filename === req.filename);
        listed = !file
          ? { status: 'absent' }
          : file.sha256 === sha256
            ? { status: 'same' }
            : { status: 'differs', sha256: file.sha256 };
      } catch (err) {
        listed =
          err instanceof PypiError && err.code === 'NOT_FOUND'
            ? { status: 'absent' }
            : { status: 'unknown', message: err instanceof Error ? err.message : String(err) };
      }
      // The core's one check, given the file's own digest: the statement's subject must name
      // these bytes. It shares the caches (keyed by digest) with the pages' checks.
      const result = await service.checkListedFile(
        req.index,
        project,
        { version },
        { filename: req.filename, sha256 },
      );
      return { index: req.index, project, version, filename: req.filename, sha256, result, listed };
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
