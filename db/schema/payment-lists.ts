/** Plain lists (no drizzle) that client code may import through lib/payments/constants.ts; payments.ts builds its enums on them. */
export const CURRENCIES = ["MXN", "USD"] as const;
export type Currency = (typeof CURRENCIES)[number];
export const PAYMENT_METHODS = ["card", "oxxo", "spei", "cash", "terminal", "transfer"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const DESK_PAYMENT_METHODS = ["cash", "terminal", "transfer"] as const satisfies readonly PaymentMethod[];
export type DeskPaymentMethod = (typeof DESK_PAYMENT_METHODS)[number];
