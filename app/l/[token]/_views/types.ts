import type { ReactNode } from "react";
import type { ResolvedSecureLink } from "@/lib/links/secure-links";

export type OpenLink = Extract<ResolvedSecureLink, { status: "ok" }>;

/**
 * What every purpose's view receives: the token (for URLs under /l/<token>/…), the valid link with its
 * clinic and patient (first name and language only), and the request's "now". A view loads its own
 * target (open.link.targetId) scoped to open.clinic.id and open.patient.id, and renders
 * <NotFoundView locale={open.patient.locale} /> when it is missing. The open is already recorded.
 */
export interface LinkViewProps {
  token: string;
  open: OpenLink;
  now: Date;
}

export type LinkView = (props: LinkViewProps) => Promise<ReactNode> | ReactNode;
