/** Screenshots, only when SCREENSHOTS=DIR is set (normal runs write nothing). */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';

export function screenshotDir(): string | undefined {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return undefined;
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true });
  return abs;
}

export async function screenshot(target: Locator | Page, name: string): Promise<void> {
  const dir = screenshotDir();
  if (dir === undefined) return;
  const path = join(dir, `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, animations: 'disabled', fullPage: true });
  else await target.screenshot({ path, animations: 'disabled' });
}
