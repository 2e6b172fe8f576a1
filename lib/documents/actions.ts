"use server";

import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { revokeSecureLink } from "@/lib/links/secure-links";
import { getBlobStore } from "@/lib/storage";
import { uploadLabResult, type UploadError } from "./upload-lab-result";

export interface UploadFormState {
  ok?: boolean;
  error?: UploadError;
  /** Changes on every answer, so the form resets its file input after each one. */
  at?: number;
}

export async function uploadLabResultAction(patientId: string, _prev: UploadFormState, formData: FormData): Promise<UploadFormState> {
  const ctx = await requireStaff("documents:write");
  const entry = formData.get("file");
  // An empty file input still posts a nameless, empty File: that is "no file", not "an empty file".
  const file =
    entry instanceof File && (entry.size > 0 || entry.name !== "")
      ? { size: entry.size, bytes: async () => new Uint8Array(await entry.arrayBuffer()) }
      : null;
  const result = await uploadLabResult(await getDb(), getBlobStore(), ctx, { patientId, file });
  if (!result.ok) return { error: result.error, at: Date.now() };
  revalidatePath(`/${await getLocale()}/patients/${patientId}`);
  return { ok: true, at: Date.now() };
}

export async function revokeDocumentLinkAction(
  patientId: string,
  linkId: string,
): Promise<{ ok: boolean; error?: "notFound" | "forbidden" }> {
  const ctx = await requireStaff("documents:read");
  if (!can(ctx.role, "documents:write")) return { ok: false, error: "forbidden" };
  const result = await revokeSecureLink(await getDb(), ctx, linkId);
  if (!result.ok) return { ok: false, error: result.error };
  revalidatePath(`/${await getLocale()}/patients/${patientId}`);
  return { ok: true };
}
