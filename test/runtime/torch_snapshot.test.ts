// A Python restored with torch already imported (Note [Torch in the start-up
// snapshot] in engine/runtime/torch_snapshot.ts) must work as one that
// imported it in this process: every engine link made again, every function
// number meaning the same function, every JS object Python holds replaced.
import { describe, expect, it } from 'vitest';
import { readPackageFiles, startNodeRuntime } from '../../engine/runtime/pyodide_node.ts';
import { jsModules } from '../../engine/runtime/python_runtime.ts';
import { WARM_IMPORTS } from '../../engine/runtime/python_package.ts';
import { makeTorchSnapshot, snapshotDeserializer, snapshotSerializer } from '../../engine/runtime/torch_snapshot.ts';
import { bridge } from '../../engine/python/bridge.ts';

const quiet = { stdout: () => undefined, stderr: () => undefined };

describe('a runtime restored with torch imported', () => {
  it('has torch imported before the program runs, with its links to this engine made again', async () => {
    const runtime = await startNodeRuntime({ snapshot: true, io: quiet });
    expect(runtime.eval<boolean>('import sys\n"torch" in sys.modules')).toBe(true);
    const result = runtime.eval<string>(`
import json, warnings, torch, glassgrad
a, b = torch.tensor([6.0, 8.0]), torch.tensor([2.0, 4.0])
# function numbers (fnTT): each operator must reach its own function
ops = [(a + b).tolist(), (a - b).tolist(), (a * b).tolist(), (a / b).tolist(), (a // b).tolist(), (a % b).tolist()]
# the error hook: an engine error arrives as PyTorch's exception
try:
    torch.ones(2, 3).view(4)
    error = None
except RuntimeError as e:
    error = str(e)
# the warning hook
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    torch.autograd.Variable(torch.ones(1), volatile=True)
# the mailbox: a dropped tensor leaves the ledger
before = glassgrad.memory_allocated()
x = torch.ones(1000)
held = glassgrad.memory_allocated() - before
del x
json.dumps([ops, error, [str(w.message) for w in caught], held, glassgrad.memory_allocated() - before])
`);
    expect(JSON.parse(result)).toEqual([
      [[8, 12], [4, 4], [12, 32], [3, 2], [3, 2], [0, 0]],
      "shape '[4]' is invalid for input of size 6",
      ['volatile was removed and now has no effect. Use `with torch.no_grad():` instead.'],
      4096,
      0,
    ]);
  }, 120_000);
});

describe('the snapshot builder', () => {
  it('refuses an import that leaves engine state a restore would lose', async () => {
    const { loadPyodide } = await import('pyodide');
    const py = await loadPyodide({ _makeSnapshot: true });
    py.runPython(WARM_IMPORTS.map((m) => `import ${m}`).join('\n'));
    const files = new Map(readPackageFiles());
    files.set('glassgrad/__init__.py', `${files.get('glassgrad/__init__.py')}\nimport torch\n_kept = torch.zeros(3)\n`);
    expect(() => makeTorchSnapshot(py, files)).toThrow('importing the package left engine state a snapshot cannot restore (calls: fn, adopt; tensors held: 1)');
  }, 120_000);

  it('names the JS modules and their members, and finds the same names in this process', () => {
    const modules = jsModules({});
    const serialize = snapshotSerializer(modules);
    const deserialize = snapshotDeserializer(modules);
    expect(serialize(bridge)).toEqual({ module: '_glassgrad' });
    expect(serialize(bridge.fnTT)).toEqual({ module: '_glassgrad', member: 'fnTT' });
    expect(deserialize(serialize(bridge.opI))).toBe(bridge.opI);
    expect(() => serialize({})).toThrow('the start-up snapshot cannot name a JavaScript object Python holds ([object Object])');
    expect(() => deserialize({ module: '_glassgrad', member: 'gone' })).toThrow(
      'the start-up snapshot names a JavaScript object this engine lacks: {"module":"_glassgrad","member":"gone"}',
    );
  });
});
