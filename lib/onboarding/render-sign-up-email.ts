import { createTranslator, type Messages } from "next-intl";
import type { Locale } from "@/db/schema";
import { layout, type RenderedStaffMail } from "@/lib/staff-mail/render";
import { loadMessages } from "@/messages/load";

async function translator(locale: Locale) {
  return createTranslator({ locale, messages: (await loadMessages(locale)) as Messages, namespace: "signUpMail" });
}

/** "Confirm your email to create <clinic>": the single-use link, in the language of the sign-up page. */
export async function renderSignUpConfirmationEmail(params: {
  locale: Locale;
  name: string;
  clinicName: string;
  url: string;
}): Promise<RenderedStaffMail> {
  const t = await translator(params.locale);
  return layout({
    subject: t("confirmation.subject"),
    greeting: t("confirmation.greeting", { name: params.name }),
    body: t("confirmation.body", { clinic: params.clinicName }),
    action: t("confirmation.action"),
    url: params.url,
    expires: t("confirmation.expires"),
    ignore: t("confirmation.ignore"),
  });
}

/**
 * To an address that already has an account, instead of a confirmation: the sign-up page answered the same
 * "check your email", and only the owner of the address learns that it is taken (with the way back in).
 */
export async function renderSignUpExistingEmail(params: { locale: Locale; url: string }): Promise<RenderedStaffMail> {
  const t = await translator(params.locale);
  return layout({
    subject: t("existing.subject"),
    greeting: t("existing.greeting"),
    body: t("existing.body"),
    action: t("existing.action"),
    url: params.url,
    expires: t("existing.forgot"),
    ignore: t("existing.ignore"),
  });
}
