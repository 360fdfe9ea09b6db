import 'katex/dist/katex.min.css';
import './app.css';
import './cells/cells.css';
import './outputs/outputs.css';
import './shell/shell.css';
import { boot } from './boot.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
void boot(root);
