/** Content script entry (wiring only); the page features arrive with the extension issue. */
import { parseProjectUrl } from './page.js';

const page = parseProjectUrl(location.href);
if (page) document.documentElement.dataset.pypiProvenanceProject = page.project;
