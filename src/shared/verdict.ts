/**
 * The words for a distribution file checked against its provenance (the check page and
 * `pypi-provenance verify-dist` say the same): one plain verdict about the bytes on disk (are
 * they what the publisher signed, and what the index serves?), in the product's states. Pure.
 */
import type { DistributionCheck } from './view-model.js';

const indexHost = (index: string): string => {
  try {
    return new URL(index).host;
  } catch {
    return index;
  }
};

export type Tone = 'verified' | 'failed' | 'warn' | 'none' | 'error';

export interface Verdict {
  tone: Tone;
  title: string;
  lines: string[];
}

export function verdict(
  check: Pick<
    DistributionCheck,
    'index' | 'project' | 'version' | 'filename' | 'sha256' | 'result' | 'listed'
  >,
): Verdict {
  const host = indexHost(check.index);
  const { result, listed } = check;
  const release = `${check.project} ${check.version}`;
  const listedLine =
    listed.status === 'differs'
      ? `${host} lists another SHA-256 for ${check.filename}: ${listed.sha256}. This file is not the one ${host} serves.`
      : listed.status === 'same'
        ? `${host} serves the same file (same SHA-256).`
        : listed.status === 'absent'
          ? `${host} lists no file of this name in ${release}.`
          : `Could not compare with ${host}’s listing: ${listed.message}`;
  const own = `This file’s SHA-256: ${check.sha256}.`;

  switch (result.state) {
    case 'verified':
      return listed.status === 'differs'
        ? {
            tone: 'warn',
            title: 'The publisher signed these bytes, but the index lists others',
            lines: [
              `Its provenance on ${host} verified in your browser against this file’s own SHA-256.`,
              listedLine,
            ],
          }
        : {
            tone: 'verified',
            title: 'These are the bytes the publisher signed',
            lines: [
              `Its provenance on ${host} (${release}) verified in your browser against this file’s own SHA-256, not the index’s.`,
              listedLine,
            ],
          };
    case 'failed':
      if (result.code === 'DIGEST_MISMATCH' || listed.status === 'differs') {
        return {
          tone: 'failed',
          title: 'These bytes are NOT what the publisher signed',
          lines: [
            `The provenance on ${host} signs another SHA-256 for ${check.filename}. ${own}`,
            ...(listed.status === 'differs' ? [listedLine] : []),
            'The file was changed after it was built, or it is another build under the same name. Do not install it.',
          ],
        };
      }
      return {
        tone: 'failed',
        title: 'Its provenance does not verify',
        lines: ['Do not trust this file’s provenance.', listedLine],
      };
    case 'none':
    case 'unsupported':
    case 'error':
    case 'pending': {
      if (listed.status === 'differs') {
        return {
          tone: 'failed',
          title: `These bytes are NOT the file ${host} serves`,
          lines: [listedLine, own],
        };
      }
      if (result.state === 'none') {
        return {
          tone: 'none',
          title: `No provenance on ${host}`,
          lines:
            listed.status === 'absent'
              ? [
                  listedLine,
                  'A file built elsewhere (a CI artifact, a local build, a mirror’s own build) has no provenance on the index.',
                ]
              : [`${host} has no provenance for ${check.filename}.`, listedLine],
        };
      }
      if (result.state === 'unsupported') {
        return {
          tone: 'none',
          title: 'Provenance we cannot check yet',
          lines: [listedLine],
        };
      }
      return {
        tone: 'error',
        title: 'Couldn’t check',
        lines: [`The provenance could not be fetched from ${host}.`],
      };
    }
  }
}
