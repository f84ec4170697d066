/**
 * Links and commands built from a verified signer's certificate fields. Every URL is built
 * from validated parts and still goes through safeHref before it is rendered (links.ts).
 */
import {
  signingWorkflow,
  type Publisher,
  type SignerDetails,
  type TransparencyLogEntry,
} from './domain.js';
import { safeHref } from './links.js';

export type Forge = 'github' | 'gitlab';

const FORGES: Record<string, Forge> = { 'github.com': 'github', 'gitlab.com': 'gitlab' };
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

interface Repository {
  forge: Forge;
  /** https://github.com/OWNER/REPO without query, fragment or trailing slash. */
  url: string;
  /** OWNER/REPO (GitLab: the full namespace path). */
  name: string;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The repository a signer's Source Repository URI names, when it is on an allowed forge. */
export function parseRepository(repositoryUrl: string | undefined): Repository | undefined {
  const href = safeHref(repositoryUrl);
  if (href === undefined) return undefined;
  const url = new URL(href);
  const forge = FORGES[url.hostname];
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (forge === undefined || segments.length < 2 || segments.includes('..')) return undefined;
  const name = segments.map(decodeSegment).join('/');
  return { forge, url: `${url.origin}/${segments.join('/')}`, name };
}

/** A repository-relative file path, each segment URL-encoded; undefined if it could escape. */
function encodePath(path: string): string | undefined {
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

/** The workflow file at the signing commit (GitHub `/blob/`, GitLab `/-/blob/`). */
export function workflowUrl(signer: SignerDetails): string | undefined {
  const repo = parseRepository(signer.repositoryUrl);
  const path = signer.workflowPath === undefined ? undefined : encodePath(signer.workflowPath);
  if (!repo || path === undefined || !signer.commit || !COMMIT.test(signer.commit)) {
    return undefined;
  }
  const blob = repo.forge === 'gitlab' ? '-/blob' : 'blob';
  return safeHref(`${repo.url}/${blob}/${signer.commit}/${path}`);
}

/**
 * The reusable workflow that actually signed (certificate OID .9), when it is not the workflow
 * PyPI's publisher names: "owner/repo/path@ref", and a link to it at its ref (a tag, a branch
 * or a commit).
 */
export function signingWorkflowLabel(
  signer: SignerDetails,
): { text: string; href?: string } | undefined {
  const w = signingWorkflow(signer);
  if (!w) return undefined;
  const repo = parseRepository(w.repositoryUrl);
  const ref = w.ref?.replace(/^refs\/(heads|tags)\//, '');
  const text = `${repo?.name ?? w.repositoryUrl}/${w.path}${ref ? `@${ref}` : ''}${w.otherRepository ? ' (another repository)' : ''}`;
  const path = encodePath(w.path);
  const blob = repo?.forge === 'gitlab' ? '-/blob' : 'blob';
  const href =
    repo && path && ref && /^[A-Za-z0-9._/-]{1,255}$/.test(ref) && !ref.includes('..')
      ? safeHref(`${repo.url}/${blob}/${ref}/${path}`)
      : undefined;
  return href ? { text, href } : { text };
}

/** The signing commit (GitHub `/commit/`, GitLab `/-/commit/`). */
export function commitUrl(signer: SignerDetails): string | undefined {
  const repo = parseRepository(signer.repositoryUrl);
  if (!repo || !signer.commit || !COMMIT.test(signer.commit)) return undefined;
  const commit = repo.forge === 'gitlab' ? '-/commit' : 'commit';
  return safeHref(`${repo.url}/${commit}/${signer.commit}`);
}

/** The first 7 characters of a commit hash, as GitHub and GitLab show it. */
export function shortSha(commit: string): string {
  return commit.slice(0, 7);
}

/** "Rekor entry 147137139", naming the log when it is not the main Rekor v1 instance. */
export function rekorLinkText(entry: Pick<TransparencyLogEntry, 'logIndex' | 'logUrl'>): string {
  let host = '';
  try {
    host = new URL(entry.logUrl).hostname;
  } catch {
    // An unparsable log URL is only a missing label here; the link itself is checked apart.
  }
  const suffix = host && host !== 'rekor.sigstore.dev' ? ` (${host})` : '';
  return `Rekor entry ${entry.logIndex}${suffix}`;
}

export interface VerifyCommand {
  command: string;
  /** Shown beside the command when it differs from the usual `verify pypi` form. */
  note?: string;
}

/** Characters that never need shell quoting in a filename, URL or e-mail address. */
const SHELL_SAFE = /^[A-Za-z0-9._+@%=:/,-]+$/;
const quote = (arg: string): string =>
  SHELL_SAFE.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * The equivalent pypi-attestations command line. `verify pypi` requires `--repository` (a
 * GitHub or GitLab URL), so Google Cloud publishers get `verify attestation --identity`.
 * https://github.com/trailofbits/pypi-attestations#usage-as-a-command-line-tool
 */
export function verifyCommand(args: {
  filename: string;
  index: string;
  publisher?: Publisher;
  signer?: SignerDetails;
  /**
   * The file is on this computer (the check page): `verify pypi` takes its path and looks its
   * provenance up on pypi.org (pypi-attestations `_cli.py` `_get_distribution_from_arg`,
   * @0957bdf6561ea851806c76cc91db0ee3a2b7bfc9).
   */
  local?: boolean;
}): VerifyCommand {
  const { filename, index, signer } = args;
  const repo = parseRepository(signer?.repositoryUrl);
  if (repo) {
    const file = args.local ? quote(`./${filename}`) : `pypi:${quote(filename)}`;
    const command = `pypi-attestations verify pypi --repository ${quote(repo.url)} ${file}`;
    if (index === 'https://test.pypi.org' && args.local) {
      return {
        command,
        note: 'pypi-attestations looks the provenance up on pypi.org; for TestPyPI, run `pypi-provenance verify-dist --index https://test.pypi.org` on the file instead.',
      };
    }
    if (index === 'https://test.pypi.org') {
      return {
        command,
        note: '“pypi:” looks the file up on pypi.org; for TestPyPI, pass the file’s download URL instead.',
      };
    }
    return { command };
  }
  if (signer?.identity) {
    return {
      command: `pypi-attestations verify attestation --identity ${quote(signer.identity)} ${quote(filename)}`,
      note: `This publisher (${args.publisher?.kind ?? 'unknown'}) has no source repository, which “verify pypi” requires. Download the file and its .publish.attestation next to each other, then run:`,
    };
  }
  return {
    command: `pypi-attestations verify pypi pypi:${quote(filename)}`,
    note: 'The signer names no repository; add --repository with the expected GitHub or GitLab URL.',
  };
}

/** "Run 11713038981" (GitHub Actions) / "Job 123" (GitLab CI) / "Build log". */
export function runLabel(runUrl: string): string {
  const github = /\/actions\/runs\/(\d+)/.exec(runUrl);
  if (github) return `Run ${github[1]}`;
  const gitlab = /\/-\/jobs\/(\d+)/.exec(runUrl);
  if (gitlab) return `Job ${gitlab[1]}`;
  return 'Build log';
}

/** The repository as "owner/name" (a GitLab namespace path), for display. */
export function repositoryName(signer: SignerDetails): string | undefined {
  return parseRepository(signer.repositoryUrl)?.name;
}

/** The workflow file's name, e.g. release.yml. */
export function workflowName(signer: SignerDetails): string | undefined {
  return signer.workflowPath?.split('/').pop();
}
