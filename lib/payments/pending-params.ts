import { z } from "zod";
import { CURRENCIES } from "./constants";
import type { PendingFilters } from "./balances";

export const PENDING_STATES = ["overdue", "pending", "unpaid", "partially_paid"] as const;
const PARAM_NAMES = ["state", "currency", "dueFrom", "dueTo"] as const;
type ParamName = (typeof PARAM_NAMES)[number];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v);
const schemas: Record<ParamName, z.ZodType> = {
  state: z.enum(PENDING_STATES),
  currency: z.enum(CURRENCIES),
  dueFrom: day,
  dueTo: day,
};

type Raw = URLSearchParams | Record<string, string | string[] | undefined>;
const read = (raw: Raw, name: string) => {
  const value = raw instanceof URLSearchParams ? raw.get(name) : raw[name];
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined || one === null || one === "" ? undefined : one;
};

/**
 * The pending list's filters from the URL (`?state=overdue&currency=MXN&dueFrom=…&dueTo=…`). A value
 * that does not parse is dropped and named in `invalid` (the page says so) instead of failing the page.
 */
export function parsePendingParams(raw: Raw): { filters: PendingFilters; invalid: ParamName[] } {
  const filters: Record<string, unknown> = {};
  const invalid: ParamName[] = [];
  for (const name of PARAM_NAMES) {
    const value = read(raw, name);
    if (value === undefined) continue;
    const parsed = schemas[name].safeParse(value);
    if (parsed.success) filters[name] = parsed.data;
    else invalid.push(name);
  }
  if (filters.dueFrom && filters.dueTo && String(filters.dueFrom) > String(filters.dueTo)) {
    delete filters.dueFrom;
    delete filters.dueTo;
    invalid.push("dueFrom", "dueTo");
  }
  return { filters: filters as PendingFilters, invalid };
}

export function pendingSearchParams(filters: PendingFilters) {
  const search = new URLSearchParams();
  for (const name of PARAM_NAMES) if (filters[name]) search.set(name, String(filters[name]));
  return search;
}
