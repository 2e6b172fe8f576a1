"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { inviteStaffAction, type InviteState } from "@/lib/team/actions";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";

const ROLES = ["doctor", "staff", "admin"] as const;

/** Email + role; a toast when the invitation is sent, a localized error otherwise. */
export function InviteForm() {
  const t = useTranslations("team");
  const [state, formAction, pending] = useActionState<InviteState, FormData>(inviteStaffAction, {});
  useEffect(() => {
    if (state.sentAt && state.sentTo) toast.success(t("invite.sent", { email: state.sentTo }));
  }, [state.sentAt, state.sentTo, t]);
  return (
    <form action={formAction} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate key={state.sentAt}>
      <Field id="invite-email" label={t("invite.email")} error={state.error === "invalidEmail" ? t("errors.invalidEmail") : undefined}>
        <Input id="invite-email" name="email" type="email" autoComplete="off" required invalid={state.error === "invalidEmail"} />
      </Field>
      <Field id="invite-role" label={t("invite.role")}>
        <Select id="invite-role" name="role" defaultValue="doctor">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={pending}>
        {t("invite.submit")}
      </Button>
      {state.error && state.error !== "invalidEmail" && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3">
          {t(`errors.${state.error}`)}
        </p>
      )}
    </form>
  );
}
