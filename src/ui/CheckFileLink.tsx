import { ext } from '../shared/ext.js';

/** The check page's path, asking the given index (pypi.org unless told otherwise). */
export function checkPagePath(index?: string): string {
  const query =
    index !== undefined && index !== 'https://pypi.org'
      ? `?index=${encodeURIComponent(index)}`
      : '';
  return `src/check/index.html${query}`;
}

/**
 * Opens the check page in a tab of its own (a popup closes when a file picker opens, in some
 * browsers). A button, not a link: the pages' links go only to allow-listed https hosts.
 */
export function CheckFileLink({ index }: { index?: string }) {
  return (
    <button
      type="button"
      class="link-button"
      data-testid="check-file-link"
      onClick={() => void ext.tabs.create({ url: ext.runtime.getURL(checkPagePath(index)) })}
    >
      Check a downloaded file
    </button>
  );
}
