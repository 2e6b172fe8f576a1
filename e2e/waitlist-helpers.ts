export { signIn, uniqueTag } from "./helpers";

/** A Mexico City mobile number no demo patient or other spec uses ("55 8764 …"), unique per call. */
export function uniqueMxNumberForWaitlist(): { typed: string; digits: string } {
  const last4 = String(1000 + Math.floor(Math.random() * 9000));
  return { typed: `55 8764 ${last4}`, digits: `558764${last4}` };
}
