// The one place the app makes its kernel: the Python kernel in a Web Worker.
// Everything else programs against the KernelClient interface.
import type { KernelClient } from '../../engine/runtime/protocol.ts';
import { WorkerKernelClient } from '../../engine/runtime/worker_client.ts';

/** Starts the Worker at once, so Python loads while the page renders. */
export function createKernelClient(): KernelClient {
  return new WorkerKernelClient();
}
