import type { z } from "zod";

/** An expected failure: it carries a code that the UI turns into a localized message. */
export class AppError extends Error {
  constructor(
    public readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "AppError";
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string) {
    super("notFound", `${entity} not found`);
    this.name = "NotFoundError";
  }
}

export class ForbiddenError extends AppError {
  constructor(permission: string) {
    super("forbidden", `missing permission ${permission}`);
    this.name = "ForbiddenError";
  }
}

/** drizzle wraps driver errors; the SQLSTATE is on the cause (postgres.js and PGlite alike). */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = "23505";

type ZodIssue = z.ZodError["issues"][number];

/**
 * A zod error as one message per form field: the first issue wins. The field is the issue's whole path
 * ("answers.q1"), or with `topLevel` only its first segment ("workingHours"); an issue without a path is "form".
 * `message` maps an issue to the code the form shows (default: the schema's own message).
 */
export function fieldErrorsOf<F extends string = string>(
  error: z.ZodError,
  options: { topLevel?: boolean; message?: (issue: ZodIssue, field: F) => string } = {},
): FieldErrorMap<F> {
  const out: Partial<Record<F, string>> = {};
  for (const issue of error.issues) {
    const path = options.topLevel ? issue.path.slice(0, 1) : issue.path;
    const field = (path.length ? path.join(".") : "form") as F;
    out[field] ??= options.message ? options.message(issue, field) : issue.message;
  }
  return out as FieldErrorMap<F>;
}

/** Known field names give an optional key each; plain `string` keys give a record of whatever was found. */
export type FieldErrorMap<F extends string> = string extends F ? Record<string, string> : Partial<Record<F, string>>;

/** The usual form mapping: a missing or mistyped value reads "required", anything else its schema message. */
export const requiredOrMessage = (issue: ZodIssue): string => (issue.code === "invalid_type" ? "required" : issue.message);
