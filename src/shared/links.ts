/**
 * The link allow-list (product.md "Security principles"): every href the extension renders
 * must be https: to one of these hosts. Anything else is shown as plain text, never linked.
 */

/** Hosts allowed exactly. */
const HOSTS: ReadonlySet<string> = new Set([
  'github.com',
  'gitlab.com',
  'pypi.org',
  'test.pypi.org',
  'search.sigstore.dev',
  'rekor.sigstore.dev',
]);

/** Hosts whose subdomains are allowed too (Rekor v2 shards, e.g. log2025-1.rekor.sigstore.dev). */
const SUFFIXES = ['.rekor.sigstore.dev'] as const;

/** A DNS label as the allowed hosts use it: no punycode (xn--) look-alikes, no empty labels. */
const LABEL = /^(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function allowedHost(hostname: string): boolean {
  if (HOSTS.has(hostname)) return true;
  return SUFFIXES.some((suffix) => {
    if (!hostname.endsWith(suffix)) return false;
    const sub = hostname.slice(0, -suffix.length);
    return sub.length > 0 && sub.split('.').every((label) => LABEL.test(label));
  });
}

/**
 * Returns `url` (normalised by the URL parser) when it may be rendered as a link: it parses,
 * uses https:, carries no credentials or port, and its host is allow-listed. Else undefined.
 */
export function safeHref(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || url.length === 0 || url.length > 2048) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  // A non-default port is not the service we link to (https://github.com:8443/…).
  if (parsed.port !== '') return undefined;
  // URL lowercases the host and turns IDNs into punycode; exact comparison is then safe.
  if (!allowedHost(parsed.hostname)) return undefined;
  return parsed.href;
}
