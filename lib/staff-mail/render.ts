import { createTranslator } from "next-intl";
import type { Locale, StaffRole } from "@/db/schema";
import type { Messages } from "next-intl";
import { loadMessages } from "@/messages/load";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export interface RenderedStaffMail {
  subject: string;
  text: string;
  html: string;
}

/** Greeting, body, the one link, its expiry and "ignore if not you": the same shape for every staff email. */
export function layout(parts: {
  greeting: string;
  body: string;
  action: string;
  url: string;
  expires: string;
  ignore: string;
  subject: string;
}): RenderedStaffMail {
  const text = [parts.greeting, "", parts.body, "", `${parts.action}: ${parts.url}`, "", parts.expires, parts.ignore].join("\n");
  const html = `<p>${escapeHtml(parts.greeting)}</p><p>${escapeHtml(parts.body)}</p><p><a href="${escapeHtml(parts.url)}">${escapeHtml(parts.action)}</a></p><p>${escapeHtml(parts.expires)}<br>${escapeHtml(parts.ignore)}</p>`;
  return { subject: parts.subject, text, html };
}

async function translator(locale: Locale) {
  return createTranslator({ locale, messages: (await loadMessages(locale)) as Messages, namespace: "staffMail" });
}

/** An invitation to a clinic's team, in the language the admin chose for the invitee (their own, by default). */
export async function renderInvitationEmail(params: {
  locale: Locale;
  clinicName: string;
  inviterName: string;
  role: StaffRole;
  url: string;
}): Promise<RenderedStaffMail> {
  const t = await translator(params.locale);
  return layout({
    subject: t("invitation.subject", { clinic: params.clinicName }),
    greeting: t("invitation.greeting"),
    body: t("invitation.body", { inviter: params.inviterName, clinic: params.clinicName, role: t(`roles.${params.role}`) }),
    action: t("invitation.action"),
    url: params.url,
    expires: t("invitation.expires"),
    ignore: t("invitation.ignore"),
  });
}

/** A "forgot password" link, in the staff member's own language. */
export async function renderPasswordResetEmail(params: {
  locale: Locale;
  name: string;
  clinicName: string;
  url: string;
}): Promise<RenderedStaffMail> {
  const t = await translator(params.locale);
  return layout({
    subject: t("passwordReset.subject"),
    greeting: t("passwordReset.greeting", { name: params.name }),
    body: t("passwordReset.body", { clinic: params.clinicName }),
    action: t("passwordReset.action"),
    url: params.url,
    expires: t("passwordReset.expires"),
    ignore: t("passwordReset.ignore"),
  });
}
