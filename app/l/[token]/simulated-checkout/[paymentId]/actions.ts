"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { paymentGateway } from "@/lib/payments/gateway";
import { SIMULATED_OUTCOMES, simulateCheckoutOutcome, type SimulatedOutcome } from "@/lib/payments/simulated-checkout";

/** A button of the simulated checkout: only while Luna has no Stripe key; then back to the payment page. */
export async function simulateOutcomeAction(token: string, paymentId: string, formData: FormData) {
  const outcome = String(formData.get("outcome"));
  if (paymentGateway().kind !== "simulated" || !(SIMULATED_OUTCOMES as readonly string[]).includes(outcome)) redirect(`/l/${token}`);
  await simulateCheckoutOutcome(await getDb(), { token, paymentId, outcome: outcome as SimulatedOutcome });
  redirect(`/l/${token}`);
}
