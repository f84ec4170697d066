/** The `format` of an exported identities file (memory-export.ts, memory-import.ts). */
export const EXPORT_FORMAT = 'pypi-provenance-identities/v1';
