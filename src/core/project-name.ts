/**
 * Project names (PEP 503 / pypa/packaging `utils.py`). Their own module, free of the version
 * grammar in filename.ts, so that the content script can use `canonicalizeName` without
 * bundling it (the content script's budget is 15 kB).
 */

/** PEP 503 / PK `canonicalize_name`: lowercase, runs of `-_.` become one `-`. */
export function canonicalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** PK `_validate_regex` (core metadata `Name`), used by `canonicalize_name(validate=True)`. */
export function isValidProjectName(name: string): boolean {
  return /^(?:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i.test(name);
}

/** PK `is_normalized_name` (`_normalized_regex`). */
export function isNormalizedName(name: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name);
}
