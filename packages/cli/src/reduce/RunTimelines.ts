import { TERMINATING_SIGNALS } from "../signals.js";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareUtf8 } from "@oris/store";
import { encodeTimelineEntry } from "@oris/observability";
import { CliError } from "../CliError.js";
import { EXIT_STATUS } from "../exitStatus.js";

/** The default memory budget for timeline entries before they are spilled to temporary files. */
export const DEFAULT_BUDGET_BYTES = 32 * 1024 * 1024;

/** The most the budget may be (offsets into the arena are 32-bit). */
const MAX_BUDGET_BYTES = 1024 * 1024 * 1024;
/** The least arena (a budget smaller than one entry still works, spilling at each). */
const MIN_ARENA_BYTES = 64 * 1024;
/** Per entry in memory: its start in the arena and the index of its run's previous entry (two int32s). */
const ENTRY_INDEX_BYTES = 8;
/** The fewest bytes an entry takes in the arena: `"K#1"` and a newline would be 5; 4 is safe. */
const MIN_ENTRY_BYTES = 4;
/** The write buffer of a spool, and the read buffer of each spool being merged. */
const WRITE_BYTES = 256 * 1024;
const READ_BYTES = 64 * 1024;
/** More spools than this are merged into one, so a merge never holds more files open. */
const MAX_SPOOLS = 16;
/** A spool's run header: the id's UTF-8 length (u32) and the body's length (f64, exact to 2^53). */
const HEADER_BYTES = 12;

/**
 * One run's timeline: its entries, each as its JSON string followed by `\n`
 * (a JSON string never holds a raw newline), in the order they came. The
 * ones still in memory are a chain through the arena of {@link RunTimelines};
 * earlier ones are in the spools. Its fields are small integers: a run costs
 * the heap nothing more as its timeline grows.
 */
export class TimelineSlot {
  readonly id: string;
  /** The index of the run's last entry in memory, or -1. */
  last = -1;
  /** Bytes of the run's entries in memory. */
  bytes = 0;

  constructor(id: string) {
    this.id = id;
  }
}

/** A temporary file of runs, sorted by id, each once: `header, id, body` where the body is the run's entries. */
interface Spool {
  readonly fd: number;
  readonly size: number;
}

/**
 * Every run's timeline until the end of the input, in bounded memory: the
 * entries are kept in memory up to a budget, in one arena in the order they
 * come (whatever their run), each linked to its run's previous one by an
 * index in a typed array, so that memory holds no object per entry or per
 * block and the heap does not grow with the timelines; past the budget, the runs in memory are
 * written to a temporary spool file sorted by run id (an external merge sort
 * whose keys are the run ids, the entries of a run keeping their order), and
 * at the end each run's entries are read back from every spool in turn, then
 * from memory. More than {@link MAX_SPOOLS} spools are merged into one.
 *
 * The spools live in a private directory made by `mkdtemp` in the system's
 * temporary directory; each is unlinked as soon as it is opened (so even a
 * killed process leaves no data behind), and the directory is removed by
 * {@link RunTimelines.dispose} or on a terminating signal (SIGHUP, SIGINT, SIGQUIT, SIGTERM).
 */
export class RunTimelines {
  private readonly budget: number;
  /**
   * The entries in memory, one after the other in arrival order (of all
   * runs). Allocated once at the budget's size, never filled past it (but
   * for one entry larger than the budget), and reused after each spill: the
   * system gives a page of it memory only once it is written, so a small
   * trace does not pay for the budget, and no garbage is made.
   */
  private arena: Buffer;
  private used = 0;
  /** Per entry in memory: where it starts in the arena, and its run's previous entry (-1 for none). Sized like the arena. */
  private starts: Int32Array;
  private prevs: Int32Array;
  private count = 0;
  /** A run's entry indexes, gathered backwards along its chain. */
  private chain = new Int32Array(1024);
  /** The slots with entries in memory. */
  private dirty: TimelineSlot[] = [];
  private spools: Spool[] = [];
  private dir: string | null = null;
  private fileNo = 0;
  /** The readers of the final merge, once {@link RunTimelines.finish} has been called. */
  private readers: SpoolReader[] | null = null;
  /** Where {@link RunTimelines.take} gathers entries from memory. */
  private readonly gather = Buffer.allocUnsafe(READ_BYTES);
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.removeDir();
    process.kill(process.pid, signal);
  };
  /** How many times memory was spilled (for tests and diagnostics). */
  spills = 0;

  /** `budget`: the bytes of entries (and their index, 8 bytes each) kept in memory before a spill. */
  constructor(budget: number) {
    this.budget = Math.min(budget, MAX_BUDGET_BYTES);
    this.arena = Buffer.allocUnsafeSlow(Math.max(this.budget, MIN_ARENA_BYTES));
    const entries = Math.ceil(Math.max(this.budget, MIN_ARENA_BYTES) / (ENTRY_INDEX_BYTES + MIN_ENTRY_BYTES));
    this.starts = new Int32Array(entries);
    this.prevs = new Int32Array(entries);
  }

  /**
   * Appends the timeline entry `entry` to `slot`. `plain`: the entry is
   * printable ASCII without `"` or `\`, so its JSON is itself in quotes.
   */
  append(slot: TimelineSlot, entry: string, plain: boolean): void {
    const json = plain ? null : encodeTimelineEntry(entry);
    const n = json === null ? entry.length + 3 : Buffer.byteLength(json) + 1;
    if (this.used + n > this.arena.length) this.growArena(n);
    if (this.count === this.starts.length) this.growIndex();
    const arena = this.arena;
    let p = this.used;
    if (json === null) {
      arena[p++] = 0x22;
      for (let i = 0; i < entry.length; i++) arena[p++] = entry.charCodeAt(i);
      arena[p++] = 0x22;
    } else p += arena.write(json, p);
    arena[p] = 0x0a;
    const i = this.count++;
    this.starts[i] = this.used;
    this.prevs[i] = slot.last;
    this.used += n;
    slot.last = i;
    if (slot.bytes === 0) this.dirty.push(slot);
    slot.bytes += n;
    if (this.used + this.count * ENTRY_INDEX_BYTES > this.budget) this.spill();
  }

  private growArena(n: number): void {
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.arena.length * 2, this.used + n));
    this.arena.copy(bigger, 0, 0, this.used);
    this.arena = bigger;
  }

  private growIndex(): void {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const prevs = new Int32Array(this.prevs.length * 2);
    prevs.set(this.prevs);
    this.prevs = prevs;
  }

  /** Gathers the indexes of `slot`'s entries in memory, in order, at the start of {@link RunTimelines.chain}; returns how many. */
  private gatherChain(slot: TimelineSlot): number {
    let k = 0;
    for (let i = slot.last; i >= 0; i = this.prevs[i] as number) {
      if (k === this.chain.length) {
        const longer = new Int32Array(k * 2);
        longer.set(this.chain);
        this.chain = longer;
      }
      this.chain[k++] = i;
    }
    this.chain.subarray(0, k).reverse();
    return k;
  }

  /** Where entry `i` ends in the arena. */
  private end(i: number): number {
    return i + 1 < this.count ? (this.starts[i + 1] as number) : this.used;
  }

  /** Writes every run in memory to a new spool, sorted by run id, and empties memory. */
  private spill(): void {
    if (this.dirty.length === 0) return;
    this.spills++;
    const slots = this.dirty.sort((a, b) => compareUtf8(a.id, b.id));
    const writer = this.createSpool();
    for (const slot of slots) {
      writer.header(slot.id, slot.bytes);
      const k = this.gatherChain(slot);
      for (let j = 0; j < k; j++) {
        const i = this.chain[j] as number;
        writer.write(this.arena, this.starts[i] as number, this.end(i));
      }
      slot.last = -1;
      slot.bytes = 0;
    }
    this.spools.push(writer.close());
    this.dirty = [];
    this.used = 0;
    this.count = 0;
    if (this.spools.length > MAX_SPOOLS) this.compact();
  }

  /** Merges every spool into one (runs by id; a run's bodies in spool order). */
  private compact(): void {
    const readers = this.spools.map((s) => new SpoolReader(s));
    const writer = this.createSpool();
    for (;;) {
      let min: string | null = null;
      for (const r of readers) {
        const id = r.headId;
        if (id !== null && (min === null || compareUtf8(id, min) < 0)) min = id;
      }
      if (min === null) break;
      const parts = readers.filter((r) => r.headId === min);
      writer.header(
        min,
        parts.reduce((n, r) => n + r.headLength, 0),
      );
      for (const r of parts) for (const chunk of r.body()) writer.write(chunk, 0, chunk.length);
    }
    for (const s of this.spools) closeSync(s.fd);
    this.spools = [writer.close()];
  }

  /** A new spool file in the private temporary directory, already unlinked. */
  private createSpool(): SpoolWriter {
    if (this.dir === null) {
      try {
        this.dir = mkdtempSync(join(tmpdir(), "oris-observe-"));
      } catch (err) {
        throw new CliError(
          EXIT_STATUS.ioError,
          `cannot create a temporary directory in ${tmpdir()}: ${(err as Error).message}`,
        );
      }
      for (const signal of TERMINATING_SIGNALS) process.once(signal, this.onSignal);
    }
    const path = join(this.dir, `spool-${this.fileNo++}`);
    let fd: number;
    try {
      fd = openSync(path, "wx+", 0o600);
    } catch (err) {
      throw spoolError(err);
    }
    try {
      unlinkSync(path); // the open descriptor keeps the data; nothing is left behind, however the process ends
    } catch {
      // a system that cannot unlink an open file: removed with the directory
    }
    return new SpoolWriter(fd);
  }

  /** The input is over: prepares to read the timelines back with {@link RunTimelines.take}, in byte order of run ids. */
  finish(): void {
    this.readers = this.spools.map((s) => new SpoolReader(s));
  }

  /**
   * `slot`'s entries, each its JSON string and `\n`, in order: from every
   * spool, then from memory. Call it for the runs in byte order of their
   * ids, each once, after {@link RunTimelines.finish}, and read each
   * timeline to its end; each chunk is valid until the next is asked for.
   */
  *take(slot: TimelineSlot): Generator<Buffer, void, undefined> {
    if (this.readers === null) throw new Error("RunTimelines.take before finish");
    for (const r of this.readers) if (r.headId === slot.id) yield* r.body();
    const k = this.gatherChain(slot);
    const out = this.gather;
    let used = 0;
    for (let j = 0; j < k; j++) {
      const i = this.chain[j] as number;
      const start = this.starts[i] as number;
      const end = this.end(i);
      if (used + end - start > out.length) {
        if (used > 0) yield out.subarray(0, used);
        used = 0;
        if (end - start > out.length) {
          yield this.arena.subarray(start, end);
          continue;
        }
      }
      used = copyBytes(this.arena, start, end, out, used);
    }
    if (used > 0) yield out.subarray(0, used);
    slot.last = -1;
    slot.bytes = 0;
  }

  /** Closes and removes the spools and their directory. Safe to call more than once. */
  dispose(): void {
    for (const s of this.spools) {
      try {
        closeSync(s.fd);
      } catch {
        // already closed
      }
    }
    this.spools = [];
    this.readers = null;
    this.removeDir();
    for (const signal of TERMINATING_SIGNALS) process.off(signal, this.onSignal);
  }

  private removeDir(): void {
    if (this.dir === null) return;
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // nothing more can be done; the system's temporary directory is cleaned eventually
    }
    this.dir = null;
  }
}

/** Bytes to copy past which `Buffer.copy` is quicker than a loop (it costs a fixed half microsecond or so). */
const COPY_LOOP_BYTES = 128;

/** Copies `from[start, end)` to `to` at `at`; returns where the copy ends in `to`. */
function copyBytes(from: Buffer, start: number, end: number, to: Buffer, at: number): number {
  if (end - start > COPY_LOOP_BYTES) return at + from.copy(to, at, start, end);
  for (let i = start; i < end; i++) to[at++] = from[i] as number;
  return at;
}

function spoolError(err: unknown): CliError {
  return new CliError(EXIT_STATUS.ioError, `temporary file in ${tmpdir()}: ${(err as Error).message}`);
}

/** Writes a spool through one buffer. */
class SpoolWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(WRITE_BYTES);
  private used = 0;
  private position = 0;

  constructor(fd: number) {
    this.fd = fd;
  }

  header(id: string, bodyBytes: number): void {
    const idBytes = Buffer.from(id, "utf8");
    const head = Buffer.allocUnsafe(HEADER_BYTES);
    head.writeUInt32LE(idBytes.length, 0);
    head.writeDoubleLE(bodyBytes, 4);
    this.write(head, 0, HEADER_BYTES);
    this.write(idBytes, 0, idBytes.length);
  }

  /** Writes `bytes[start, end)`. */
  write(bytes: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n > this.buffer.length - this.used) {
      this.flush();
      if (n >= this.buffer.length) {
        this.writeOut(bytes.subarray(start, end));
        return;
      }
    }
    this.used = copyBytes(bytes, start, end, this.buffer, this.used);
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeOut(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeOut(bytes: Buffer): void {
    try {
      for (let done = 0; done < bytes.length;) {
        const n = writeSync(this.fd, bytes, done, bytes.length - done, this.position);
        done += n;
        this.position += n;
      }
    } catch (err) {
      throw spoolError(err);
    }
  }

  /** Flushes; the spool, ready to be read. */
  close(): Spool {
    this.flush();
    return { fd: this.fd, size: this.position };
  }
}

/** Reads a spool's runs in order: {@link SpoolReader.headId} is the next run's id, {@link SpoolReader.body} its entries. */
class SpoolReader {
  private readonly spool: Spool;
  private buffer = Buffer.allocUnsafe(READ_BYTES);
  private start = 0;
  private end = 0;
  /** The file position of `buffer[end]`. */
  private position = 0;
  /** The next run's id, or `null` at the end of the spool. */
  headId: string | null = null;
  /** The next run's body length. */
  headLength = 0;

  constructor(spool: Spool) {
    this.spool = spool;
    this.next();
  }

  /** The next run's entries, in chunks valid until the next one; moves on to the run after it. */
  *body(): Generator<Buffer, void, undefined> {
    let left = this.headLength;
    while (left > 0) {
      if (this.start === this.end) this.fill(1);
      const n = Math.min(left, this.end - this.start);
      const chunk = this.buffer.subarray(this.start, this.start + n);
      this.start += n;
      left -= n;
      yield chunk;
    }
    this.next();
  }

  private next(): void {
    if (this.position - (this.end - this.start) >= this.spool.size) {
      this.headId = null;
      return;
    }
    this.fill(HEADER_BYTES);
    const idBytes = this.buffer.readUInt32LE(this.start);
    this.headLength = this.buffer.readDoubleLE(this.start + 4);
    this.start += HEADER_BYTES;
    this.fill(idBytes);
    this.headId = this.buffer.toString("utf8", this.start, this.start + idBytes);
    this.start += idBytes;
  }

  /** Makes at least `n` bytes available from `start`. */
  private fill(n: number): void {
    if (this.end - this.start >= n) return;
    if (n > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(n);
      this.buffer.copy(bigger, 0, this.start, this.end);
      this.buffer = bigger;
    } else this.buffer.copy(this.buffer, 0, this.start, this.end);
    this.end -= this.start;
    this.start = 0;
    try {
      while (this.end < n) {
        const got = readSync(this.spool.fd, this.buffer, this.end, this.buffer.length - this.end, this.position);
        if (got === 0) throw new Error("a temporary file ended early");
        this.end += got;
        this.position += got;
      }
    } catch (err) {
      throw spoolError(err);
    }
  }
}
