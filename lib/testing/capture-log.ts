import pino from "pino";
import { log } from "@/lib/log";

export interface CapturedLog {
  /** Every JSON line written since the capture began. */
  readonly lines: string[];
  /** The lines, parsed. */
  entries(): Record<string, unknown>[];
  /** Everything written, as one string (to search for values that must never appear). */
  text(): string;
  restore(): void;
}

/**
 * Captures what `log` writes (the JSON lines pino would print), at `level` and above, until `restore()`.
 * The logger is silent under vitest otherwise.
 */
export function captureLog(level: pino.LevelWithSilent = "debug"): CapturedLog {
  const stream = (log as unknown as Record<symbol, { write(chunk: string): unknown }>)[pino.symbols.streamSym];
  const originalWrite = stream.write;
  const originalLevel = log.level;
  const lines: string[] = [];
  stream.write = (chunk: string) => {
    lines.push(chunk);
    return true;
  };
  log.level = level;
  return {
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join(""),
    restore() {
      stream.write = originalWrite;
      log.level = originalLevel;
    },
  };
}
