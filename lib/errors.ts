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
