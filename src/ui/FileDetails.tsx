import { useId } from 'preact/hooks';
import type { FileResult, Publisher } from '../shared/domain.js';
import type { TrustInfo } from '../shared/view-model.js';
import { verifyCommand } from '../shared/signer.js';
import { fileStateLabel } from './format.js';
import { trustRootHint } from './freshness.js';
import { AttestationDetails } from './AttestationDetails.js';
import { StateIcon } from './StateIcon.js';
import { breakableFilename } from './breakable.js';
import { VerifyCommand } from './VerifyCommand.js';

function PublisherClaim({ publisher }: { publisher: Publisher }) {
  const where = [publisher.repository, publisher.workflow ?? publisher.workflow_filepath]
    .filter(Boolean)
    .join(' · ');
  return (
    <p class="claim">
      PyPI names the publisher <strong>{publisher.kind}</strong>
      {where && <span class="mono"> {where}</span>}
      {publisher.email && <span class="mono"> {publisher.email}</span>}. This is not verified.
    </p>
  );
}

/** The selected file: who built it (verified) or why it is not verified. */
export function FileDetails(props: {
  file: FileResult;
  index: string;
  onRetry: (filename: string) => void;
  retrying: boolean;
  /** The trust root (getInfo), for results it may explain. */
  trust?: TrustInfo | undefined;
  /** The id of a heading that already names the file (then none is drawn here). */
  labelledBy?: string;
  /** The file is on this computer (check page): the verify command takes its path. */
  local?: boolean;
}) {
  const { file } = props;
  const titleId = useId();
  // Inside a page's own entry (labelledBy) the details are a group of it, not a landmark.
  const Tag = props.labelledBy === undefined ? 'section' : 'div';
  return (
    <Tag
      {...(props.labelledBy !== undefined && { role: 'group' })}
      class={`details details-${file.state}`}
      aria-labelledby={props.labelledBy ?? titleId}
      data-testid="file-details"
      data-filename={file.filename}
      data-state={file.state}
    >
      {props.labelledBy === undefined && (
        <h2 id={titleId} class="mono">
          {breakableFilename(file.filename)}
        </h2>
      )}
      <p class={`details-state label-${file.state}`}>
        <StateIcon state={file.state} />
        <strong>{fileStateLabel(file.state)}</strong>
      </p>
      {file.sha256 && (
        <p class="digest">
          SHA-256 <span class="mono">{file.sha256}</span>
        </p>
      )}
      <StateBody {...props} />
    </Tag>
  );
}

function StateBody(props: {
  file: FileResult;
  index: string;
  onRetry: (filename: string) => void;
  retrying: boolean;
  trust?: TrustInfo | undefined;
  local?: boolean;
}) {
  const { file, index } = props;
  const local = props.local === true;
  const trustHint = trustRootHint(file, props.trust);
  switch (file.state) {
    case 'verified':
      return <Signers file={file} index={index} local={local} />;
    case 'failed':
      return (
        <>
          <div class="alert alert-failed">
            <p>
              <strong>Reason</strong> <code class="code">{file.code}</code>
            </p>
            <p class="message">{file.message}</p>
            {trustHint && (
              <p class="message" data-testid="trust-root-hint">
                {trustHint}
              </p>
            )}
            <p>
              <strong>Do not trust this file’s provenance.</strong>
            </p>
          </div>
          {file.attestations && file.attestations.length > 0 ? (
            <>
              <p class="caution">
                The details below come from the provenance that failed: they are shown for
                investigation, not as verified facts.
              </p>
              <Signers file={file} index={index} local={local} />
            </>
          ) : (
            file.publisher && <PublisherClaim publisher={file.publisher} />
          )}
        </>
      );
    case 'unsupported':
      return (
        <div class="quiet">
          {trustHint && (
            <p data-testid="trust-root-hint">
              <strong>{trustHint}</strong>
            </p>
          )}
          <p>
            {file.message} <code class="code">{file.code}</code>
          </p>
          {file.publisher && <PublisherClaim publisher={file.publisher} />}
        </div>
      );
    case 'none':
      return (
        <div class="quiet">
          <p>{file.message}</p>
        </div>
      );
    case 'error':
      return (
        <div class="alert alert-error">
          <p>
            {file.message} <code class="code">{file.code}</code>
          </p>
          {file.retryAfterSeconds !== undefined && (
            <p>PyPI asked to wait {file.retryAfterSeconds} s before trying again.</p>
          )}
          <button
            type="button"
            class="button"
            onClick={() => props.onRetry(file.filename)}
            disabled={props.retrying}
          >
            {props.retrying ? 'Retrying…' : 'Retry'}
          </button>
        </div>
      );
    case 'pending':
      return <p class="quiet">Checking this file in your browser…</p>;
  }
}

function Signers({
  file,
  index,
  local,
}: {
  file: Extract<FileResult, { state: 'verified' | 'failed' }>;
  index: string;
  local: boolean;
}) {
  const attestations = file.attestations ?? [];
  const first = attestations[0];
  return (
    <>
      {file.publisher && (
        <dl class="fields">
          <dt>Publisher</dt>
          <dd>
            <span data-testid="publisher-kind">{file.publisher.kind}</span>
            <span class="muted"> Trusted Publisher</span>
          </dd>
        </dl>
      )}
      {attestations.map((attestation, i) => (
        <AttestationDetails
          key={i}
          attestation={attestation}
          position={i + 1}
          count={attestations.length}
          {...(file.state === 'verified' && { publisher: file.publisher })}
        />
      ))}
      {first && (
        <VerifyCommand
          command={verifyCommand({
            filename: file.filename,
            index,
            signer: first.signer,
            ...(file.publisher && { publisher: file.publisher }),
            local,
          })}
        />
      )}
    </>
  );
}
