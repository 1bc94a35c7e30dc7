import type { Writable } from "node:stream";
import { thousands } from "./terminalText.js";

/** How often the progress line is redrawn, at most. */
const INTERVAL_MS = 200;

/**
 * A one-line progress report on a terminal's stderr while files are read:
 * bytes read, percent, events per second. Redrawn in place, at most five
 * times a second, and erased at the end — and on every other way out: an
 * error, a signal (see `withRunContext`).
 *
 * When the result goes to a terminal too (stdout and stderr the same
 * screen), the line is erased before each piece of the result is written
 * ({@link Progress.beforeOutput}), and not drawn again while the result's
 * last line is unfinished: drawing it there would overwrite the result.
 */
export class Progress {
  private bytes = 0;
  private shown = false;
  private last = 0;
  /** The result's last line on the terminal is unfinished: no drawing until it ends. */
  private held = false;
  private readonly started = Date.now();
  private readonly total: number;
  private readonly stderr: Writable;

  constructor(stderr: Writable, totalBytes: number) {
    this.stderr = stderr;
    this.total = totalBytes;
  }

  /** `n` more input bytes were read. */
  addBytes(n: number): void {
    this.bytes += n;
  }

  /** Redraws the line if it is time; `events` is the number read so far. */
  tick(events: number): void {
    if (this.held) return;
    const now = Date.now();
    if (now - this.last < INTERVAL_MS) return;
    this.last = now;
    const seconds = (now - this.started) / 1000;
    const percent = this.total > 0 ? Math.min(100, Math.floor((this.bytes / this.total) * 100)) : 100;
    const rate = seconds > 0 ? Math.round(events / seconds) : 0;
    this.stderr.write(
      `\r\x1b[Koris-observe: ${mb(this.bytes)} of ${mb(this.total)} MB (${percent}%), ` +
        `${thousands(events)} events, ${thousands(rate)} events/s`,
    );
    this.shown = true;
  }

  /** `bytes` of the result are about to be written to the same terminal: erases the line, and holds it while the result's line is unfinished. */
  beforeOutput(bytes: Uint8Array): void {
    this.clear();
    if (bytes.length > 0) this.held = bytes[bytes.length - 1] !== 0x0a;
  }

  /** Erases the line (before another message, and at the end). */
  clear(): void {
    if (!this.shown) return;
    this.stderr.write("\r\x1b[K");
    this.shown = false;
  }
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
