/** Content script entry: starts on a project page with the extension's runtime (see app.ts). */
import { ext } from '../shared/ext.js';
import { start } from './app.js';

// Undefined only outside an extension (a page that loaded this file by itself).
if (ext?.runtime) start(ext.runtime);
