"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { paymentGateway } from "@/lib/payments/gateway";
import { startCheckout } from "@/lib/payments/start-checkout";

export interface PayState {
  error?: "notFound" | "paid" | "void" | "pending" | "unavailable" | "providerError";
}

/** The patient pressed Pay: only now is a checkout created (lib/payments/start-checkout.ts), then the browser goes there. */
export async function payAction(token: string, _prev: PayState, _formData: FormData): Promise<PayState> {
  // A server action is a public endpoint: its arguments are whatever a client sent, whatever the types say.
  if (typeof token !== "string") return { error: "notFound" };
  const result = await startCheckout(await getDb(), { token, gateway: paymentGateway() });
  if (!result.ok) return { error: result.error };
  redirect(result.url);
}
