/** The payment lists for the domain and client components; defined beside the schema that builds its enums on them. */
export { CURRENCIES, DESK_PAYMENT_METHODS, PAYMENT_METHODS } from "@/db/schema/payment-lists";
export type { Currency, DeskPaymentMethod, PaymentMethod } from "@/db/schema/payment-lists";
