// Every tensor and graph node that is still owned by someone. The ledger
// counts bytes; these lists let "why is this alive?" walk who owns what.
//
// Each object carries its own links (livePrev/liveNext), so joining and
// leaving cost two pointer writes: a Set would hash every new tensor, and an
// op makes and drops several (it was a tenth of a tiny op's time).
import type { Tensor } from '../core/tensor.ts';
import type { Node } from '../autograd/node.ts';

export interface LiveLinks<T> {
  livePrev: T | null;
  liveNext: T | null;
}

/** An intrusive list in insertion order; an object is in at most one list. */
export class LiveList<T extends LiveLinks<T>> implements Iterable<T> {
  private head: T | null = null;
  private tail: T | null = null;
  size = 0;

  add(x: T): void {
    x.livePrev = this.tail;
    x.liveNext = null;
    if (this.tail) this.tail.liveNext = x;
    else this.head = x;
    this.tail = x;
    this.size++;
  }

  has(x: T): boolean {
    return x.livePrev !== null || this.head === x;
  }

  delete(x: T): boolean {
    if (!this.has(x)) return false;
    if (x.livePrev) x.livePrev.liveNext = x.liveNext;
    else this.head = x.liveNext;
    if (x.liveNext) x.liveNext.livePrev = x.livePrev;
    else this.tail = x.livePrev;
    x.livePrev = null;
    x.liveNext = null;
    this.size--;
    return true;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let x = this.head; x !== null; ) {
      const next = x.liveNext; // the caller may delete x meanwhile
      yield x;
      x = next;
    }
  }
}

export const liveTensors = new LiveList<Tensor>();
export const liveNodes = new LiveList<Node>();
