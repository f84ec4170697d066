import { ExternalLink } from '../ui/ExternalLink.js';

/** What the extension does, for a tab that is not a PyPI project page. */
export function Welcome() {
  return (
    <section class="welcome" aria-labelledby="welcome-title" data-testid="welcome">
      <h1 id="welcome-title">Who built this package?</h1>
      <p>
        Open a project page on <strong>pypi.org</strong> or <strong>test.pypi.org</strong>, for
        example{' '}
        <ExternalLink href="https://pypi.org/project/sampleproject/">
          pypi.org/project/sampleproject
        </ExternalLink>
        , and this extension shows who built each file and from which source.
      </p>
      <p>
        It checks each file’s PEP 740 attestations <strong>in your own browser</strong>: the
        Sigstore certificate, the transparency-log proof, the signature, the file’s name and
        SHA-256, and that the signer is the project’s Trusted Publisher.
      </p>
    </section>
  );
}
