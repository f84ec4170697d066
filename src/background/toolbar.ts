/** The toolbar icon and badge for a tab, from its release state. */
import type { TabState } from '../shared/view-model.js';
import { summaryAlert } from '../shared/warnings.js';

const ICON = {
  verified: 'verified',
  failed: 'failed',
  partial: 'partial',
  unsupported: 'unsupported',
  none: 'none',
  error: 'error',
  pending: 'pending',
} as const;

const COLOR: Record<TabState['state'], string> = {
  verified: '#1a7f37',
  failed: '#c41e3a',
  // Never green unless every file verified (product.md).
  partial: '#9a6700',
  unsupported: '#6e7781',
  none: '#6e7781',
  error: '#bf6100',
  pending: '#6e7781',
};

export interface ToolbarLook {
  path: Record<'16' | '32' | '48' | '128', string>;
  text: string;
  color: string;
  title: string;
}

const TITLE: Record<TabState['state'], string> = {
  verified: 'provenance verified',
  failed: 'verification FAILED',
  partial: 'partly verified (not every file)',
  unsupported: "provenance can't be checked",
  none: 'no provenance',
  error: "couldn't check",
  pending: 'checking…',
};

const paths = (name: string): ToolbarLook['path'] => ({
  '16': `icons/${name}-16.png`,
  '32': `icons/${name}-32.png`,
  '48': `icons/${name}-48.png`,
  '128': `icons/${name}-128.png`,
});

export function toolbarLook(state: TabState): ToolbarLook {
  const release = `PyPI Provenance: ${state.project} ${state.version}`;
  // A warning changes the icon too (a triangle, amber; red for a violated pin), unless a
  // failed file, an error or a check under way says more.
  const alert =
    state.analysis && !['failed', 'error', 'pending'].includes(state.state)
      ? summaryAlert(state.analysis)
      : undefined;
  if (alert) {
    const violation = alert.severity === 'violation';
    return {
      path: paths(violation ? 'violation' : 'alert'),
      text: '!',
      color: violation ? COLOR.failed : COLOR.partial,
      title: `${release}: ${violation ? alert.title.toUpperCase() : alert.title} (${alert.detail})`,
    };
  }
  const verified = state.files.filter((f) => f.state === 'verified').length;
  const text =
    state.state === 'verified'
      ? '✓'
      : state.state === 'failed'
        ? '✗'
        : state.state === 'partial'
          ? `${verified}/${state.files.length}`
          : state.state === 'error'
            ? '!'
            : state.state === 'unsupported'
              ? '?'
              : state.state === 'pending'
                ? '…'
                : '';
  return {
    path: paths(ICON[state.state]),
    text,
    color: COLOR[state.state],
    title: `${release}: ${TITLE[state.state]}`,
  };
}

/** The parts of the `action` API the toolbar uses. */
export interface ActionApi {
  setIcon(details: {
    tabId: number;
    imageData?: Record<string, ImageData>;
    path?: Record<string, string>;
  }): Promise<void>;
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

/**
 * Paints each tab's toolbar icon, badge and title from its release state.
 *
 * Icons are decoded once per worker life: `setIcon({ path })` fetches and decodes every
 * size's PNG on each call (~20 ms of the worker's time per call, measured by profiling
 * `npm run bench`); pixels kept in memory make a change of look a plain message.
 *
 * The last look per tab is kept (unchanged looks are not re-sent), and states wait to be
 * shown: the changes of a burst (a listing's "pending" and its results) become one update, at
 * most 100 ms late, and the icons' decoding stays off a first visit's busiest moment.
 */
export class Toolbar {
  private readonly decoded = new Map<string, Promise<Record<string, ImageData>>>();
  private readonly shown = new Map<number, string>();
  private readonly queued = new Map<number, TabState>();

  constructor(
    private readonly action: ActionApi,
    /** An extension file's URL (runtime.getURL). */
    private readonly fileUrl: (path: string) => string,
    private readonly delayMs = 100,
  ) {}

  /** Shows a tab's state with the next update. */
  show(tabId: number, state: TabState): void {
    if (this.queued.size === 0) setTimeout(() => this.flush(), this.delayMs);
    this.queued.set(tabId, state);
  }

  /**
   * The tab loads another page. Chrome resets a tab's action on navigation: the next look must
   * be sent again, and a look still waiting for the page the tab left must not be shown on the
   * new one.
   */
  navigated(tabId: number): void {
    this.shown.delete(tabId);
    this.queued.delete(tabId);
  }

  /** The tab is closed. */
  removed(tabId: number): void {
    this.navigated(tabId);
  }

  /**
   * The tab's page changed its URL without loading (history.pushState to another project):
   * Chrome keeps the action as it was, so the default look is put back explicitly.
   */
  clear(tabId: number): void {
    this.navigated(tabId);
    this.shown.set(tabId, 'default');
    void this.action.setIcon({ tabId, path: paths('neutral') }).catch(() => undefined);
    void this.action.setBadgeText({ tabId, text: '' }).catch(() => undefined);
    void this.action.setTitle({ tabId, title: 'PyPI Provenance' }).catch(() => undefined);
  }

  private flush(): void {
    for (const [tabId, state] of this.queued) {
      const look = toolbarLook(state);
      const key = JSON.stringify(look);
      if (this.shown.get(tabId) === key) continue;
      this.shown.set(tabId, key);
      // A tab may close while we work: icon updates are best effort.
      void this.setIcon(tabId, look.path).catch(() => undefined);
      void this.action.setBadgeText({ tabId, text: look.text }).catch(() => undefined);
      void this.action.setBadgeBackgroundColor({ tabId, color: look.color }).catch(() => undefined);
      void this.action.setTitle({ tabId, title: look.title }).catch(() => undefined);
    }
    this.queued.clear();
  }

  private async setIcon(tabId: number, path: ToolbarLook['path']): Promise<void> {
    try {
      await this.action.setIcon({ tabId, imageData: await this.pixels(path) });
    } catch {
      // No canvas here, or the pixels were refused: the browser loads the files itself.
      await this.action.setIcon({ tabId, path });
    }
  }

  private pixels(path: ToolbarLook['path']): Promise<Record<string, ImageData>> {
    // The toolbar shows 16 px (32 px on high-density screens); the other sizes are for menus.
    const files = { '16': path['16'], '32': path['32'] };
    const key = JSON.stringify(files);
    let pixels = this.decoded.get(key);
    if (!pixels) {
      pixels = (async () => {
        const out: Record<string, ImageData> = {};
        for (const [size, file] of Object.entries(files)) {
          const response = await fetch(this.fileUrl(file));
          const bitmap = await createImageBitmap(await response.blob());
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          if (!context) throw new Error('no 2D canvas');
          context.drawImage(bitmap, 0, 0);
          out[size] = context.getImageData(0, 0, bitmap.width, bitmap.height);
        }
        return out;
      })();
      this.decoded.set(key, pixels);
      pixels.catch(() => this.decoded.delete(key));
    }
    return pixels;
  }
}
