import { render } from 'preact';
import browser from 'webextension-polyfill';
import { send } from '../shared/messages.js';
import { App } from './App.js';

render(<App load={() => send(browser.runtime, 'getInfo', {})} />, document.getElementById('app')!);
