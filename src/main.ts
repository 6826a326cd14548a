import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { projects } from './lib/stores/projects.svelte.ts';
import { diagnostics } from './lib/stores/diagnostics.svelte.ts';
import { storage } from './lib/stores/storage.svelte.ts';
import { pwa } from './lib/stores/pwa.svelte.ts';
import { handleError } from './lib/stores/notices.svelte.ts';
import { installPipelineStub } from './pipeline/hook.ts';

const ready = Promise.all([projects.load(), diagnostics.loadPreference()]).then(() => undefined);
ready.catch((error: unknown) => handleError(error, 'Could not open the local database'));
installPipelineStub(ready);
void storage.refresh();
pwa.register();

/** The mounted app. */
export default mount(App, { target: document.getElementById('app')! });
