import type { SecureLink } from "@/db/schema";

/** The part of an opened patient link the payment code reads (app/l/[token]/_views/types.ts has the whole). */
export interface OpenLinkLike {
  link: Pick<SecureLink, "id" | "clinicId" | "targetId" | "purpose" | "openCount">;
}
