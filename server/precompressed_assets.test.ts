import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressedMiddleware } from './precompressed_assets.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

describe('precompressed assets', () => {
  const wasm = Buffer.from('\0asm' + 'x'.repeat(5000));
  let dir: string;
  let server: http.Server;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'glassgrad-precompressed-'));
    mkdirSync(path.join(dir, 'pyodide'));
    writeFileSync(path.join(dir, 'pyodide/pyodide.asm.wasm'), wasm);
    writeFileSync(path.join(dir, 'pyodide/pyodide.asm.wasm.gz'), gzipSync(wasm));
    writeFileSync(path.join(dir, 'pyodide/plain.txt'), 'plain');
    writeFileSync(path.join(dir, 'secret.gz'), gzipSync('secret'));
    const serve = precompressedMiddleware(path.join(dir, 'pyodide'), '/app/pyodide/', { 'Cross-Origin-Opener-Policy': 'same-origin' });
    server = http.createServer((req, res) =>
      serve(req, res, () => {
        res.statusCode = 404;
        res.end('fell through');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  function get(pathname: string, headers: http.OutgoingHttpHeaders = {}, method = 'GET'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request(`${origin}${pathname}`, { method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('serves the gzip copy, encoded, with the right type and the server headers', async () => {
    const reply = await get('/app/pyodide/pyodide.asm.wasm?v=1', { 'accept-encoding': 'gzip, deflate, br' });
    expect(reply.status).toBe(200);
    expect(reply.headers).toMatchObject({
      'content-encoding': 'gzip',
      'content-type': 'application/wasm',
      vary: 'Accept-Encoding',
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(gunzipSync(reply.body)).toEqual(wasm);
  });

  it('answers a revalidation with 304, and HEAD without a body', async () => {
    const first = await get('/app/pyodide/pyodide.asm.wasm', { 'accept-encoding': 'gzip' });
    const again = await get('/app/pyodide/pyodide.asm.wasm', { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const head = await get('/app/pyodide/pyodide.asm.wasm', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.headers['content-length']).toBe(String(gzipSync(wasm).length));
    expect(head.body.length).toBe(0);
  });

  it('leaves everything else to the next handler', async () => {
    for (const [pathname, headers] of [
      ['/app/pyodide/pyodide.asm.wasm', {}], // no gzip accepted
      ['/app/pyodide/plain.txt', { 'accept-encoding': 'gzip' }], // no copy
      ['/other/pyodide.asm.wasm', { 'accept-encoding': 'gzip' }], // outside the base
      ['/app/pyodide/../secret', { 'accept-encoding': 'gzip' }], // outside the folder
      ['/app/pyodide/%2e%2e/secret', { 'accept-encoding': 'gzip' }],
    ] as const) {
      const reply = await get(pathname, headers);
      expect([pathname, reply.status, reply.body.toString()]).toEqual([pathname, 404, 'fell through']);
    }
  });
});
