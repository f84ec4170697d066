/**
 * Which tab the popup shows: `?tabId=N` when present (e2e tests open the popup as a page,
 * whose own "active tab" would be itself; product.md "Test contract"), else the active tab.
 */

/** The tab id in a location.search string, or undefined when absent or not a tab id. */
export function tabIdFromSearch(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d{1,15}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}
