import { useEffect, useRef, useState } from 'preact/hooks';
import type { Identity } from '../shared/domain.js';
import type { TrustInfo } from '../shared/view-model.js';
import { FileDetails } from '../ui/FileDetails.js';
import { FileList } from './FileList.js';
import type { HistoryView, MemoryActionName } from './history-store.js';
import { InstallSection } from './InstallSection.js';
import type { InstallView } from './install-store.js';
import { PublisherMemory } from './PublisherMemory.js';
import type { ReleaseView } from './release-view.js';
import { Summary } from './Summary.js';
import { Timeline } from './Timeline.js';
import { Warnings } from './Warnings.js';

/**
 * The release in the tab, compact: summary, warnings, file list and the selected file's signer
 * in a few lines; then install text, what is remembered of its publisher, and the project's
 * publisher history (collapsed).
 */
export function Release(props: {
  release: ReleaseView;
  history: HistoryView;
  install: InstallView;
  trust?: TrustInfo | undefined;
  onRetryRelease: () => void;
  onRetryFile: (filename: string) => void;
  onMemoryAction: (action: MemoryActionName, identity?: Identity) => void;
  onRetryAnalysis: () => void;
  onOlderReleases: () => void;
  onRetryTimeline: () => void;
}) {
  const { release, history } = props;
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const details = useRef<HTMLDivElement>(null);
  const file = release.files.find((f) => f.filename === selected);

  // A single file needs no choosing.
  const only = release.files.length === 1 ? release.files[0]?.filename : undefined;
  useEffect(() => {
    if (only !== undefined && selected === undefined) setSelected(only);
  }, [only, selected]);

  const select = (filename: string): void => {
    setSelected(filename);
    // Let the details render, then bring them into view without moving focus off the row.
    requestAnimationFrame(() => details.current?.scrollIntoView({ block: 'nearest' }));
  };

  const analysis = history.analysis.status === 'ready' ? history.analysis.analysis : undefined;

  return (
    <>
      <Summary release={release} onRetry={props.onRetryRelease} />
      {analysis && (
        <Warnings
          analysis={analysis}
          busy={history.busy !== undefined}
          onAccept={(identity) => props.onMemoryAction('accept', identity)}
        />
      )}
      {release.files.length > 0 && (
        <FileList files={release.files} selected={selected} onSelect={select} />
      )}
      {!file && release.files.length > 1 && (
        <p class="hint">Select a file to see who built it and how it was checked.</p>
      )}
      <div ref={details}>
        {file && (
          <FileDetails
            file={file}
            index={release.index}
            onRetry={props.onRetryFile}
            retrying={release.retrying}
            trust={props.trust}
          />
        )}
      </div>
      <InstallSection view={props.install} />
      <PublisherMemory
        view={history.analysis}
        busy={history.busy}
        actionError={history.actionError}
        done={history.done}
        onAction={props.onMemoryAction}
        onRetry={props.onRetryAnalysis}
      />
      {release.files.length > 0 && (
        <Timeline
          key={`${release.index} ${release.project}`}
          view={history.timeline}
          index={release.index}
          project={release.project}
          currentVersion={release.version}
          onMore={props.onOlderReleases}
          onRetry={props.onRetryTimeline}
        />
      )}
    </>
  );
}
