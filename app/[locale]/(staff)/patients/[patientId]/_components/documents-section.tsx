import { getLocale, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import type { StaffContext } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { formatFileSize, listLinkMessages, listPatientDocuments, type LinkMessage } from "@/lib/documents/queries";
import { linkStateOf } from "@/lib/links/secure-links";
import { formatDateTime } from "@/lib/dates";
import { cn } from "@/components/ui/cn";
import { DocumentUploadForm } from "./document-upload-form";
import { RevokeLinkButton } from "./revoke-link-button";

const STATE_TONE = {
  active: "bg-blue-50 text-blue-700 ring-blue-200",
  opened: "bg-green-50 text-green-800 ring-green-200",
  expired: "bg-gray-100 text-gray-700 ring-gray-200",
  revoked: "bg-amber-50 text-amber-800 ring-amber-200",
  none: "bg-gray-100 text-gray-700 ring-gray-200",
} as const;

/** The patient's documents on the chart: upload a lab result, see each link's state, revoke it. */
export async function DocumentsSection({ patientId, ctx }: { patientId: string; ctx: StaffContext }) {
  if (!can(ctx.role, "documents:read")) return null;
  const [t, locale, db] = await Promise.all([getTranslations("documents"), getLocale(), getDb()]);
  const docs = await listPatientDocuments(db, { clinicId: ctx.clinicId, patientId });
  const messages = await listLinkMessages(db, { clinicId: ctx.clinicId, linkIds: docs.flatMap((d) => (d.link ? [d.link.id] : [])) });
  const canWrite = can(ctx.role, "documents:write");
  const now = new Date();
  const when = (date: Date) => formatDateTime(date, { locale, timeZone: ctx.clinic.timezone });

  return (
    <section aria-labelledby="documents-heading" className="space-y-3">
      <h2 id="documents-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {canWrite && <DocumentUploadForm patientId={patientId} />}
      {docs.length === 0 ? (
        <p className="text-sm text-gray-600">{t("empty")}</p>
      ) : (
        <ul aria-label={t("tableLabel")} className="divide-y divide-gray-100 rounded-lg bg-white shadow-sm ring-1 ring-gray-200">
          {docs.map((doc) => {
            const state = doc.link ? linkStateOf(doc.link, now) : "none";
            const docMessages = messages.filter((m) => m.linkId === doc.link?.id);
            return (
              <li key={doc.id} className="space-y-2 px-4 py-3 text-sm" data-testid="document">
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-medium">{t(`kinds.${doc.kind}`)}</span>
                  <span className="text-gray-600">
                    {t("uploadedAt", { date: when(doc.createdAt) })}
                    {doc.uploadedByName ? ` ${t("by", { name: doc.uploadedByName })}` : ""} · {formatFileSize(doc.sizeBytes, locale)}
                  </span>
                  <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium ring-1", STATE_TONE[state])} data-testid="link-state">
                    {state === "opened" ? t("linkStates.opened", { count: doc.link!.openCount }) : t(`linkStates.${state}`)}
                  </span>
                </div>
                <div className="flex flex-wrap items-center gap-3">
                  <a
                    href={`/api/documents/${doc.id}`}
                    target="_blank"
                    rel="noopener"
                    className="font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
                  >
                    {t("view")}
                  </a>
                  {doc.link && (state === "active" || state === "opened") && (
                    <>
                      <span className="text-gray-600">{t("expiresAt", { date: when(doc.link.expiresAt) })}</span>
                      {canWrite && <RevokeLinkButton patientId={patientId} linkId={doc.link.id} />}
                    </>
                  )}
                </div>
                {docMessages.length > 0 && <MessageList messages={docMessages} t={t} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function MessageList({ messages, t }: { messages: LinkMessage[]; t: Awaited<ReturnType<typeof getTranslations<"documents">>> }) {
  return (
    <ul className="space-y-1 rounded-md bg-gray-50 px-3 py-2" aria-label={t("messageTitle")}>
      {messages.map((m) => (
        <li key={m.id} className={cn("space-y-0.5", m.fallbackOfId && "pl-4")} data-testid="document-message">
          <p className="text-xs text-gray-600">
            {m.fallbackOfId ? "↳ " : ""}
            {t(`channels.${m.channel}`)} · {t(`messageStatus.${m.status}`)}
            {m.simulated ? ` · ${t("simulated")}` : ""}
          </p>
          {m.text && (
            <p className="break-words text-gray-800" data-testid="document-message-text">
              {m.text}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
