import type { ComponentChildren } from 'preact';
import { safeHref } from '../shared/links.js';

/**
 * A link to an allow-listed https: host, opened in a new tab; anything else is rendered as
 * plain text (product.md "Security principles"). The test id stays on either element.
 */
export function ExternalLink(props: {
  href: string | undefined;
  testId?: string;
  class?: string;
  children: ComponentChildren;
}) {
  const href = safeHref(props.href);
  const cls = props.class ?? '';
  if (href === undefined) {
    return (
      <span class={`unlinked ${cls}`} data-testid={props.testId}>
        {props.children}
      </span>
    );
  }
  return (
    <a
      class={`external ${cls}`}
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      data-testid={props.testId}
    >
      {props.children}
    </a>
  );
}
