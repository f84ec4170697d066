/**
 * Sigstore's TUF repository, which the optional refresh of the trust root reads (off by default;
 * options page). The background fetches from it for the extension's pages (fetchTuf), only
 * these paths, only with the optional host permission the user granted when turning it on.
 */

export const TUF_ORIGIN = 'https://tuf-repo-cdn.sigstore.dev';

/** The optional host permission (manifest `optional_host_permissions`). */
export const TUF_PERMISSION = { origins: [`${TUF_ORIGIN}/*`] };

/**
 * What a TUF client asks for (consistent snapshots): `N.root.json`, `timestamp.json`,
 * `N.snapshot.json`, `N.targets.json`, and the trusted root target by its hash.
 */
export const TUF_PATH =
  /^(?:[1-9][0-9]{0,9}\.(?:root|snapshot|targets)\.json|timestamp\.json|snapshot\.json|targets\.json|targets\/(?:[0-9a-f]{64}\.)?trusted_root\.json)$/;

/** The largest file the client reads (tuf-js's limit for targets metadata). */
export const TUF_MAX_BYTES = 5_000_000;

/** At most one refresh a day (the TUF timestamp Sigstore signs is valid for a few days). */
export const TUF_REFRESH_EVERY_MS = 24 * 60 * 60 * 1000;
