/**
 * The extension's access to pypi.org and test.pypi.org, when the browser withholds it: said
 * plainly, with a button that asks the browser for it (popup and options page; the state and
 * the request live in host-access-store.ts, docs/site-access.md).
 */
import { INDEXES } from '../shared/project-page.js';
import { hostsText, type HostAccessState } from './host-access-store.js';
import './host-access.css';

interface Actions {
  /** Called from the click itself (the browser asks the user only on a gesture). */
  onAllow: () => void;
  onReload?: () => void;
}

function AllowButton({ state, onAllow }: { state: HostAccessState; onAllow: () => void }) {
  const asking = state.request.status === 'asking';
  return (
    <button
      type="button"
      class="button"
      data-testid="host-access-allow"
      disabled={asking}
      onClick={onAllow}
    >
      {asking ? 'Waiting for your answer…' : `Allow access to ${hostsText(state.missing)}`}
    </button>
  );
}

/** What became of the last request, for a screen reader too. */
function RequestStatus({ state }: { state: HostAccessState }) {
  const { request } = state;
  return (
    <div role="status" aria-live="polite">
      {request.status === 'asking' && (
        <p class="small muted">Your browser asks you whether to allow it.</p>
      )}
      {request.status === 'denied' && (
        <p class="small" data-testid="host-access-denied">
          Not allowed. You can allow it later here, in the extension’s settings, or in your
          browser’s extensions menu.
        </p>
      )}
      {request.status === 'failed' && (
        <p class="small error-text" data-testid="host-access-failed">
          Couldn’t ask your browser: {request.message}
        </p>
      )}
    </div>
  );
}

/**
 * The popup's notice: nothing when the extension may read both indexes (unless access just
 * came back: then how to get the page checked).
 */
export function HostAccessNotice(
  props: Actions & { state: HostAccessState; heading?: 'h1' | 'h2' },
) {
  const { state } = props;
  const Heading = props.heading ?? 'h2';
  if (!state.known) return null;
  if (state.missing.length === 0) {
    if (!state.regained) return null;
    return (
      <section
        class="host-access host-access-granted"
        data-testid="host-access"
        data-state="granted"
      >
        <p role="status">
          <strong>Access allowed.</strong>{' '}
          {state.reloaded
            ? 'The page is reloading: its files are being checked.'
            : state.tab?.projectPage
              ? 'Reload this page to check its files.'
              : 'Reload any PyPI page that is open to check it.'}
        </p>
        {state.tab?.projectPage && !state.reloaded && props.onReload && (
          <button
            type="button"
            class="button"
            data-testid="host-access-reload"
            onClick={props.onReload}
          >
            Reload this page
          </button>
        )}
      </section>
    );
  }
  const missing = hostsText(state.missing);
  const tabIndex = state.tab?.index;
  const onMissingIndex = tabIndex !== undefined && state.missing.includes(tabIndex);
  return (
    <section
      class="host-access"
      aria-labelledby="host-access-title"
      data-testid="host-access"
      data-state="withheld"
      data-missing={state.missing.join(' ')}
    >
      <Heading id="host-access-title">No access to {missing}</Heading>
      {onMissingIndex ? (
        <p>
          This tab is on {hostsText([tabIndex])}, but your browser doesn’t let this extension read{' '}
          {hostsText([tabIndex])}: nothing on this page was checked.
        </p>
      ) : (
        <p>
          Your browser doesn’t let this extension read {missing}, so nothing there is checked. Nor
          can the extension see which site this tab shows: if it is a page on {missing}, none of its
          files was checked.
        </p>
      )}
      <AllowButton state={state} onAllow={props.onAllow} />
      <RequestStatus state={state} />
      <p class="small muted">
        The extension reads only {hostsText(INDEXES)}: PyPI’s public pages and APIs.
      </p>
    </section>
  );
}

/** The options page's section: each index, allowed or not, and the same button. */
export function HostAccessSettings(props: Actions & { state: HostAccessState }) {
  const { state } = props;
  return (
    <section class="panel" aria-labelledby="site-access-title" data-testid="host-access-settings">
      <h2 id="site-access-title">Site access</h2>
      <p class="lead">
        The extension reads {hostsText(INDEXES)} to check the files on their project pages. Your
        browser lets you withhold that access; nothing is checked on a site it may not read.
      </p>
      {state.known ? (
        <ul class="host-access-list">
          {state.indexes.map((a) => (
            <li
              key={a.index}
              data-testid="host-access-index"
              data-host={a.host}
              data-granted={String(a.granted)}
            >
              <span class="mono">{a.host}</span>:{' '}
              {a.granted ? (
                <span class="ok-text">allowed</span>
              ) : (
                <strong class="host-access-withheld">not allowed</strong>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">Checking…</p>
      )}
      {state.missing.length > 0 && (
        <div class="actions">
          <AllowButton state={state} onAllow={props.onAllow} />
        </div>
      )}
      <RequestStatus state={state} />
      {state.regained && (
        <p class="ok-text" data-testid="host-access-regained">
          Access allowed: reload any PyPI page that is open to check it.
        </p>
      )}
    </section>
  );
}
