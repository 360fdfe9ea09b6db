// The page's entry. Python takes longest to start, so the kernel's Worker starts
// here, before the app's own code (a separate chunk, over a megabyte) has
// downloaded: in a cold Chromium that moved Python's start from ~1.6-2.3 s
// after navigation to ~0.5 s.
import 'katex/dist/katex.min.css';
import './app.css';
import './cells/cells.css';
import './outputs/outputs.css';
import './shell/shell.css';
import { createKernelClient } from './kernel/client.ts';

const client = createKernelClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
import('./boot.tsx').then(
  ({ boot }) => boot(root, client),
  (error: unknown) => {
    root.textContent = `Glassgrad could not load (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`;
  },
);
