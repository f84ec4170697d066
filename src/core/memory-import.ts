/**
 * Importing an exported identities file (memory-export.ts writes it): validated whole, so
 * that nothing is imported from a file with any problem. The worker runs it on the text the
 * options page sends.
 */
import * as v from 'valibot';
import { fromAttestationIdentity } from './attestation-identity.js';
import { canonicalizeName } from './filename.js';
import { EXPORT_FORMAT } from './memory-format.js';
import type { MemoryKey, ProjectMemory } from './memory.js';
import { hasControl } from './text.js';

/*
 * What the importer accepts: the names GitHub and GitLab allow, as PyPI's Trusted Publisher
 * forms check them (pypi/warehouse@6b62157124ab warehouse/oidc/forms/github.py
 * `_VALID_GITHUB_OWNER`, `_VALID_GITHUB_REPO`, `validate_workflow_filename`,
 * `validate_environment`; warehouse/oidc/forms/gitlab.py `_VALID_GITLAB_NAMESPACE`,
 * `_VALID_GITLAB_PROJECT`, `_CONSECUTIVE_SPECIAL_CHARACTERS`, `ends_with_atom_or_git`,
 * `validate_workflow_filepath`, `_VALID_GITLAB_ENVIRONMENT`), with GitHub's length limits
 * (39 characters for an account name, 100 for a repository name):
 *   GitHub repository  OWNER/REPO; OWNER = [A-Za-z0-9][A-Za-z0-9-]{0,38};
 *                      REPO = [A-Za-z0-9._-]{1,100}, not "." or ".."
 *   GitHub workflow    a file name (no "/") ending in .yml or .yaml, ≤ 255 characters
 *   GitHub environment ≤ 255 characters, no leading or trailing space, none of the C0
 *                      controls, DEL or ' " ` , ; \
 *   GitLab repository  NAMESPACE/PROJECT; NAMESPACE = [a-zA-Z0-9][a-zA-Z0-9-_./+]*[a-zA-Z0-9]
 *                      (subgroups separated by "/"), PROJECT = [a-zA-Z0-9][a-zA-Z0-9_.-]*
 *                      [a-zA-Z0-9]; no two of . _ - in a row; no group or project ending
 *                      in .git or .atom (any case); ≤ 255 characters in all
 *   GitLab workflow    a path ending in .yml or .yaml, not starting or ending with "/"
 *   GitLab environment [a-zA-Z0-9-_/${} ]+
 * On top of those forms, which accept any other character in a workflow path: no whitespace
 * or markup character (<>"'`) in a workflow, no empty, "." or ".." path segment, no control
 * or bidi control character (text.ts) in any value, 255 characters at most, numeric IDs of
 * 1–20 digits, and a Google service account e-mail of the form LOCAL@DOMAIN.
 */
const GITHUB_REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const GITHUB_WORKFLOW = /^[^\s<>"'`/]+\.ya?ml$/;
const GITLAB_REPOSITORY =
  /^(?!.*[._-]{2})(?!.*\.(?:git|atom)(?:\/|$))[a-zA-Z0-9][a-zA-Z0-9_./+-]*[a-zA-Z0-9]\/[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/i;
/** No empty, "." or ".." segment (so no leading or trailing "/"). */
const GITLAB_WORKFLOW = /^(?!(?:.*\/)?\.{0,2}(?:\/|$))[^\s<>"'`]+\.ya?ml$/;
const GITHUB_ENVIRONMENT = /^(?! )(?!.* $)[^'"`,;\\]*$/;
const GITLAB_ENVIRONMENT = /^[a-zA-Z0-9\-_/${} ]*$/;

/** A string of at most 255 characters that `re` matches and that has no control character. */
const field = (re: RegExp, what: string) =>
  v.pipe(
    v.string(),
    v.check((s) => s.length <= 255 && re.test(s) && !hasControl(s), what),
  );
const id = v.optional(field(/^[0-9]{1,20}$/, 'a numeric ID'));
const IdentitySchema = v.union([
  v.strictObject({
    kind: v.literal('GitHub'),
    repository: field(GITHUB_REPOSITORY, 'a GitHub OWNER/REPOSITORY'),
    workflow: field(GITHUB_WORKFLOW, 'a GitHub workflow file name (.yml or .yaml)'),
    environment: v.optional(field(GITHUB_ENVIRONMENT, 'a GitHub environment name')),
    repository_id: id,
    repository_owner_id: id,
  }),
  v.strictObject({
    kind: v.literal('GitLab'),
    repository: field(GITLAB_REPOSITORY, 'a GitLab NAMESPACE/PROJECT'),
    workflow_filepath: field(GITLAB_WORKFLOW, 'a GitLab CI file path (.yml or .yaml)'),
    environment: v.optional(field(GITLAB_ENVIRONMENT, 'a GitLab environment name')),
    repository_id: id,
    repository_owner_id: id,
  }),
  v.strictObject({
    kind: v.literal('Google'),
    email: field(/^[^\s@<>"'`]+@[^\s@<>"'`]+$/, 'a service account e-mail'),
  }),
]);
const ImportSchema = v.strictObject({
  format: v.literal(EXPORT_FORMAT),
  exported: v.optional(v.string()),
  projects: v.pipe(
    v.record(
      v.pipe(v.string(), v.maxLength(300)),
      v.strictObject({
        index: v.picklist(['https://pypi.org', 'https://test.pypi.org']),
        'attestation-identities': v.pipe(v.array(IdentitySchema), v.maxLength(100)),
        pinned: v.nullable(IdentitySchema),
      }),
    ),
    v.check((r) => Object.keys(r).length <= 10_000, 'too many projects'),
  ),
});

export type ImportResult =
  { ok: true; entries: [MemoryKey, ProjectMemory][] } | { ok: false; error: string };

/** Validates an exported document; on any problem nothing is imported and the error says why. */
export function importMemory(text: string, now: number): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'The file is not JSON.' };
  }
  const parsed = v.safeParse(ImportSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    return {
      ok: false,
      error: `Not a PyPI Provenance identities file${path ? ` (at ${path})` : ''}: ${issue?.message ?? 'invalid'}.`,
    };
  }
  const entries: [MemoryKey, ProjectMemory][] = [];
  for (const [name, p] of Object.entries(parsed.output.projects)) {
    const project = canonicalizeName(name.split('@')[0]!);
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(project)) {
      return {
        ok: false,
        error: `Not a valid project name: ${JSON.stringify(name).slice(0, 80)}.`,
      };
    }
    const seen = p['attestation-identities'].map((a) => ({
      ...fromAttestationIdentity(a),
      firstSeen: now,
      lastSeen: now,
      version: '',
    }));
    entries.push([
      `${p.index}|${project}`,
      {
        seen,
        hadProvenance: seen.length > 0,
        ...(p.pinned && { pinned: fromAttestationIdentity(p.pinned) }),
      },
    ]);
  }
  return { ok: true, entries };
}
