import pino from "pino";

/**
 * The one logger: structured JSON lines (pino), one object per event with ids and codes.
 * Never log a name, phone, email, token or message body — pass ids (deliveryId, clinicId, patientId).
 * `LOG_LEVEL` sets the level (default info; silent in tests unless set).
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

export type Logger = typeof log;

/** The message of an unknown thrown value, for a log line (never its payload). */
export function errorMessage(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}
