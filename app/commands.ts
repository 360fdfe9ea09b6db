// What the user can do, in one place: toolbar buttons, keyboard shortcuts and
// notice buttons all call these. Each combines store transitions with the
// kernel session or the notebook library.
import type { KernelSession } from './kernel/session.ts';
import { ipynbFileName, serializeIpynb } from './notebook/ipynb.ts';
import type { CellType } from './notebook/model.ts';
import type { Autosave } from './persistence/autosave.ts';
import type { NotebookLibrary } from './persistence/library.ts';
import type { AppStore } from './store/store.ts';
import type { NoticeCommand } from './store/ui_slice.ts';

export interface CommandDeps {
  store: AppStore;
  session: KernelSession;
  library: NotebookLibrary;
  autosave: Autosave;
  /** Hands a file to the user (a download in the browser). */
  download(fileName: string, text: string, mime: string): void;
}

export class Commands {
  constructor(private readonly deps: CommandDeps) {}

  private get state() {
    return this.deps.store.getState();
  }

  private get selected(): string | null {
    return this.state.notebook.selectedId;
  }

  // ---- running ----

  /** Shift+Enter: run, then select the next cell (a new one at the end). */
  runAndAdvance(): void {
    const id = this.selected;
    if (id === null) return;
    this.deps.session.run([id]);
    this.state.advanceAfterRun(id);
  }

  /** Ctrl+Enter: run and stay, in command mode. */
  runInPlace(): void {
    const id = this.selected;
    if (id === null) return;
    this.deps.session.run([id]);
    this.state.enterCommandMode();
  }

  /** Alt+Enter: run, insert a cell below and edit it. */
  runAndInsertBelow(): void {
    const id = this.selected;
    if (id === null) return;
    this.deps.session.run([id]);
    this.state.insertCell('below');
    this.state.enterEditMode();
  }

  runAll(): void {
    this.deps.session.run(this.state.notebook.doc.cellOrder);
  }

  /** Every cell above the selected one (not the selected one), as Jupyter's "Run All Above". */
  runAbove(): void {
    const order = this.state.notebook.doc.cellOrder;
    const at = this.selected === null ? 0 : order.indexOf(this.selected);
    this.deps.session.run(order.slice(0, Math.max(0, at)));
  }

  /** The selected cell and every cell below it. */
  runBelow(): void {
    const order = this.state.notebook.doc.cellOrder;
    const at = this.selected === null ? 0 : order.indexOf(this.selected);
    this.deps.session.run(order.slice(Math.max(0, at)));
  }

  interrupt(): Promise<void> {
    return this.deps.session.interrupt();
  }

  restart(): Promise<void> {
    return this.deps.session.restart();
  }

  async restartAndRunAll(): Promise<void> {
    await this.deps.session.restart();
    this.runAll();
  }

  // ---- cells ----

  insert(where: 'above' | 'below', type: CellType = 'code'): void {
    this.state.insertCell(where, type);
  }

  deleteSelected(): void {
    if (this.selected !== null) this.state.deleteCells([this.selected]);
  }

  changeType(type: CellType): void {
    if (this.selected !== null) this.state.changeCellType(this.selected, type);
  }

  move(delta: -1 | 1): void {
    if (this.selected !== null) this.state.moveCell(this.selected, delta);
  }

  /** Selects a traceback's cell and highlights the line. */
  goToCellLine(cellId: string, line: number): void {
    this.state.enterEditMode(cellId);
    this.state.highlightLine(cellId, line);
  }

  // ---- notebooks ----

  /** Ctrl+S: store now (autosave does it anyway) — JupyterLab users press it by habit. */
  save(): Promise<void> {
    return this.deps.autosave.flush();
  }

  exportIpynb(): void {
    const doc = this.state.notebook.doc;
    this.deps.download(ipynbFileName(doc.title), serializeIpynb(doc), 'application/x-ipynb+json');
  }

  async newNotebook(): Promise<void> {
    await this.deps.library.create();
    await this.freshKernelForNewNotebook();
  }

  async openNotebook(id: string): Promise<void> {
    if (id === this.state.notebook.doc.id) return;
    if (await this.deps.library.open(id)) await this.freshKernelForNewNotebook();
  }

  async openFile(file: File): Promise<void> {
    if (await this.deps.library.importFile({ name: file.name, text: () => readFileText(file) })) await this.freshKernelForNewNotebook();
  }

  deleteNotebook(id: string): Promise<void> {
    return this.deps.library.remove(id);
  }

  setTitle(title: string): void {
    this.state.setTitle(title);
  }

  runNoticeCommand(command: NoticeCommand): void {
    switch (command) {
      case 'restart-kernel':
        void this.restart();
        return;
      case 'run-all-above-selected':
        this.runAbove();
        return;
    }
  }

  /** Each notebook gets a kernel of its own, as in Jupyter: a used kernel is restarted on switching. */
  private async freshKernelForNewNotebook(): Promise<void> {
    const k = this.state.kernel;
    if (k.nextExecutionCount > 1 || k.running || k.queue.length > 0 || k.status === 'dead') await this.deps.session.restart();
  }
}

/** A file's text (File.text where the browser has it, FileReader otherwise). */
function readFileText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}

/** Browser download of a text file. */
export function downloadText(fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
