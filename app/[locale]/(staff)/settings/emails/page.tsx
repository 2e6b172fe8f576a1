import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireStaff } from "@/lib/auth/session";
import { listStaffEmails, staffMailIsEmbedded } from "@/lib/staff-mail/send";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staffOutbox"))("title") };
}

/**
 * Settings → Team emails, in the embedded mode only (no RESEND_API_KEY) and for admins: the invitations
 * and reset emails Luna would have sent, whole, so a demo can follow their links. With Resend configured
 * the page does not exist (the emails were really sent and their bodies are not kept).
 */
export default async function StaffEmailsPage() {
  const ctx = await requireStaff("settings:read");
  if (!can(ctx.role, "team:write") || !staffMailIsEmbedded()) notFound();
  const [t, locale, db] = await Promise.all([getTranslations("staffOutbox"), getLocale(), getDb()]);
  const emails = await listStaffEmails(db, { clinicId: ctx.clinicId });
  const when = new Intl.DateTimeFormat(locale === "en" ? "en-US" : "es-MX", {
    timeZone: ctx.clinic.timezone,
    dateStyle: "medium",
    timeStyle: "short",
  });
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("intro")}</p>
      </div>
      {emails.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul className="space-y-4">
          {emails.map((email) => (
            <li key={email.id} className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-gray-200" data-testid="staff-email">
              <p className="text-xs text-gray-500">
                {t(`kinds.${email.kind as "invitation"}`)} · {t("to")}: <span data-testid="staff-email-to">{email.toEmail}</span> ·{" "}
                {when.format(email.createdAt)}
              </p>
              <h2 className="mt-1 font-semibold">{email.subject}</h2>
              {/* The HTML is Luna's own (lib/staff-mail/render.ts escapes every value in it). */}
              <div
                className="prose prose-sm mt-3 max-w-none [&_a]:text-brand-700 [&_a]:underline"
                dangerouslySetInnerHTML={{ __html: email.html }}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
