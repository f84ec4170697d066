/** The toolbar icon and badge for a tab, from its release state. */
import type { TabState } from '../shared/messages.js';

const ICON = {
  verified: 'verified',
  failed: 'failed',
  partial: 'partial',
  none: 'none',
  error: 'error',
  pending: 'pending',
} as const;

const COLOR: Record<TabState['state'], string> = {
  verified: '#1a7f37',
  failed: '#c41e3a',
  partial: '#1a7f37',
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
  partial: 'partly verified',
  none: 'no provenance',
  error: "couldn't check",
  pending: 'checking…',
};

export function toolbarLook(state: TabState): ToolbarLook {
  const name = ICON[state.state];
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
            : state.state === 'pending'
              ? '…'
              : '';
  return {
    path: {
      '16': `icons/${name}-16.png`,
      '32': `icons/${name}-32.png`,
      '48': `icons/${name}-48.png`,
      '128': `icons/${name}-128.png`,
    },
    text,
    color: COLOR[state.state],
    title: `PyPI Provenance: ${state.project} ${state.version}: ${TITLE[state.state]}`,
  };
}
