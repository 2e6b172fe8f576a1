"use client";

import { useId, useRef, useState, useTransition } from "react";
import { useLocale, useTranslations } from "next-intl";
import type { Locale } from "@/db/schema";
import { previewTemplatesAction } from "@/lib/notifications/preview-actions";
import type { TemplatePreviews } from "@/lib/notifications/preview-templates";
import { formatDateTime } from "@/lib/dates";
import { cn } from "@/components/ui/cn";

type PatientLocale = "es" | "en";
type Variant = "in_person" | "video";

/** A radio group drawn as a segmented control (arrow keys move between options, as radios do). */
function Segmented<T extends string>(props: {
  legend: string;
  name: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-xs font-medium text-gray-700">{props.legend}</legend>
      <div className="inline-flex rounded-md bg-gray-100 p-0.5">
        {props.options.map((option) => (
          <label
            key={option.value}
            className={cn(
              "cursor-pointer rounded px-3 py-1 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600",
              props.value === option.value ? "bg-white font-medium text-gray-900 shadow-sm" : "text-gray-600 hover:text-gray-900",
            )}
          >
            <input
              type="radio"
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              onChange={() => props.onChange(option.value)}
              className="sr-only"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/**
 * "View WhatsApp template": what the patient receives for this row, rendered on the server by the code
 * that sends it, drawn as a phone chat bubble, with the SMS and the real email beside it.
 */
export function PreviewDialog({
  type,
  typeLabel,
  timeZone,
  clinicName,
}: {
  type: string;
  typeLabel: string;
  timeZone: string;
  clinicName: string;
}) {
  const t = useTranslations("settings");
  const uiLocale = useLocale();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const [data, setData] = useState<TemplatePreviews | null>(null);
  const [failed, setFailed] = useState(false);
  const [loading, startLoading] = useTransition();
  const [locale, setLocale] = useState<PatientLocale>("es");
  const [variant, setVariant] = useState<Variant>("in_person");
  const headingId = useId();
  const groupName = useId();

  const open = () => {
    dialogRef.current?.showModal();
    if (data) return;
    setFailed(false);
    startLoading(async () => {
      try {
        const result = await previewTemplatesAction(type);
        if (result) setData(result);
        else setFailed(true);
      } catch {
        setFailed(true);
      }
    });
  };
  const close = () => dialogRef.current?.close();

  // A type with one variant (a link message) shows it whatever was picked before.
  const shown = data && !data.variants.includes(variant) ? data.variants[0] : variant;
  const preview = data?.previews.find((p) => p.locale === locale && p.variant === shown);
  const clock = preview
    ? new Intl.DateTimeFormat(locale === "es" ? "es-MX" : "en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(
        new Date(preview.sendAt),
      )
    : "";

  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        onClick={open}
        className="mt-1 block rounded text-xs font-normal text-brand-700 underline-offset-2 hover:underline"
        aria-haspopup="dialog"
      >
        {t("preview")}
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={headingId}
        onClose={() => triggerRef.current?.focus()}
        onClick={(event) => {
          if (event.target === dialogRef.current) close();
        }}
        className="m-auto w-[min(64rem,calc(100vw-2rem))] max-h-[calc(100vh-2rem)] rounded-xl bg-white p-0 text-left font-normal text-gray-900 shadow-xl backdrop:bg-gray-900/50"
        data-testid={`preview-dialog-${type}`}
      >
        <div className="flex items-start justify-between gap-4 border-b border-gray-200 px-5 py-4">
          <div>
            <h2 id={headingId} className="text-lg font-semibold">
              {t("previewFor", { type: typeLabel })}
            </h2>
            <p className="mt-1 text-sm text-gray-600">{t("previewTitle")}</p>
          </div>
          <button
            type="button"
            onClick={close}
            className="rounded-md px-2 py-1 text-sm text-gray-700 ring-1 ring-gray-300 hover:bg-gray-50"
          >
            {t("close")}
          </button>
        </div>

        <div className="space-y-4 px-5 py-4">
          <div className="flex flex-wrap gap-4">
            <Segmented
              legend={t("languageLabel")}
              name={`${groupName}-locale`}
              value={locale}
              onChange={setLocale}
              options={[
                { value: "es", label: t("spanish") },
                { value: "en", label: t("english") },
              ]}
            />
            {(data?.variants.length ?? 2) > 1 && (
              <Segmented
                legend={t("variantLabel")}
                name={`${groupName}-variant`}
                value={variant}
                onChange={setVariant}
                options={[
                  { value: "in_person", label: t("inPerson") },
                  { value: "video", label: t("video") },
                ]}
              />
            )}
          </div>

          {loading && !data && (
            <p role="status" className="flex items-center gap-2 py-10 text-sm text-gray-600">
              <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-brand-600 border-t-transparent" />
              {t("loading")}
            </p>
          )}
          {failed && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              {t("previewFailed")}
            </p>
          )}

          {data && preview && (
            <>
              <p className="text-sm text-gray-700" data-testid="sample-data">
                {t("sampleData", {
                  name: data.firstName[locale],
                  // The screen's language, whatever the patient's: this line is for staff.
                  date: data.sampleDate[uiLocale as Locale],
                  doctor: data.doctorName[uiLocale as Locale],
                  timeZone,
                })}{" "}
                <span className="text-gray-500">
                  {t("sendsAt", { date: formatDateTime(new Date(preview.sendAt), { locale: uiLocale, timeZone }) })}
                </span>
              </p>
              <div className="grid gap-4 lg:grid-cols-[minmax(0,17rem)_minmax(0,17rem)_minmax(0,1fr)] md:grid-cols-2">
                <section aria-label={t("whatsappPreview")} className="flex flex-col">
                  <h3 className="mb-2 text-sm font-semibold">{t("whatsappPreview")}</h3>
                  <div className="flex-1 overflow-hidden rounded-[1.75rem] border-[6px] border-gray-900 bg-[#efeae2]">
                    <div className="flex items-center gap-2 bg-[#075e54] px-3 py-2 text-white">
                      <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-white/20 text-xs font-bold">
                        {clinicName.slice(0, 1)}
                      </span>
                      <span className="truncate text-sm font-medium">{clinicName}</span>
                    </div>
                    <div className="min-h-56 p-3">
                      <div className="relative max-w-[92%] rounded-lg rounded-tl-none bg-white px-3 pt-2 pb-4 text-sm leading-snug text-gray-900 shadow-sm">
                        <p lang={locale} className="whitespace-pre-line break-words" data-testid="whatsapp-preview">
                          {preview.text}
                        </p>
                        <span className="absolute right-2 bottom-1 text-[0.65rem] text-gray-500">{clock}</span>
                      </div>
                      {preview.buttons.length > 0 && (
                        <ul aria-label={t("replyButtons")} className="mt-1 flex max-w-[92%] flex-col gap-1" data-testid="whatsapp-buttons">
                          {preview.buttons.map((title) => (
                            <li
                              key={title}
                              lang={locale}
                              className="rounded-lg bg-white px-3 py-1.5 text-center text-sm font-medium text-[#027eb5] shadow-sm"
                            >
                              {title}
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  </div>
                </section>
                <section aria-label={t("smsPreview")} className="flex flex-col">
                  <h3 className="mb-2 text-sm font-semibold">{t("smsPreview")}</h3>
                  <div className="flex-1 overflow-hidden rounded-[1.75rem] border-[6px] border-gray-900 bg-white">
                    <div className="border-b border-gray-100 px-3 py-2 text-center text-xs text-gray-600">{clinicName}</div>
                    <div className="min-h-56 p-3">
                      <p
                        lang={locale}
                        className="max-w-[92%] rounded-2xl rounded-bl-sm bg-gray-200 px-3 py-2 text-sm leading-snug break-words text-gray-900"
                        data-testid="sms-preview"
                      >
                        {preview.smsText}
                      </p>
                      <p className="mt-2 text-[0.7rem] text-gray-500">{t("smsNote")}</p>
                    </div>
                  </div>
                </section>
                <section aria-label={t("emailPreview")} className="flex flex-col md:col-span-2 lg:col-span-1">
                  <h3 className="mb-2 text-sm font-semibold">{t("emailPreview")}</h3>
                  <p className="mb-2 truncate text-sm text-gray-700" data-testid="email-subject">
                    {t("emailSubject", { subject: preview.email.subject })}
                  </p>
                  <iframe
                    title={t("emailFrameTitle", { subject: preview.email.subject })}
                    sandbox=""
                    srcDoc={preview.email.html}
                    className="h-96 w-full flex-1 rounded-lg bg-white ring-1 ring-gray-200"
                    data-testid="email-preview"
                  />
                </section>
              </div>
            </>
          )}
        </div>
      </dialog>
    </>
  );
}
