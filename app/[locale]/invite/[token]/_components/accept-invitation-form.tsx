"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { acceptInvitationAction, type AcceptState } from "@/lib/team/actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Link } from "@/components/ui/link";

/** Name + password; on success the server action signs the new member in and goes home. */
export function AcceptInvitationForm({ token }: { token: string }) {
  const t = useTranslations("invite");
  const [state, formAction, pending] = useActionState<AcceptState, FormData>(acceptInvitationAction.bind(null, token), {});
  const fieldError = (name: "name" | "password") => {
    const code = state.fieldErrors?.[name];
    return code ? t(`errors.${code as "required"}`) : undefined;
  };
  if (state.error) {
    return (
      <div className="space-y-4">
        <p role="alert" className="text-sm text-gray-700">
          {t(state.error)}
        </p>
        <Link href="/sign-in" className="font-medium text-brand-700 underline">
          {t("goToSignIn")}
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <Field id="invite-name" label={t("name")} error={fieldError("name")}>
        <Input
          id="invite-name"
          name="name"
          autoComplete="name"
          required
          maxLength={120}
          defaultValue={state.name}
          invalid={Boolean(fieldError("name"))}
        />
      </Field>
      <Field id="invite-password" label={t("password")} hint={t("passwordHint")} error={fieldError("password")}>
        <Input
          id="invite-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          invalid={Boolean(fieldError("password"))}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? t("submitting") : t("submit")}
      </Button>
    </form>
  );
}
