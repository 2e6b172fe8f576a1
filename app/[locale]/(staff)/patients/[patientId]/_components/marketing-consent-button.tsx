"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { changeMarketingConsentAction, type CampaignFormState } from "@/lib/campaigns/actions";
import { Button } from "@/components/ui/button";

/** Records (or withdraws) the patient's campaign consent on one channel. */
export function MarketingConsentButton({ patientId, channel, granted }: { patientId: string; channel: string; granted: boolean }) {
  const t = useTranslations("campaigns");
  const [state, action, pending] = useActionState<CampaignFormState, FormData>(changeMarketingConsentAction.bind(null, patientId), {});
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="channel" value={channel} />
      <input type="hidden" name="granted" value={granted ? "false" : "true"} />
      <Button type="submit" variant="secondary" disabled={pending} className="px-3 py-1 text-xs">
        {granted ? t("consent.revoke") : t("consent.grant")}
      </Button>
      {state.formError && (
        <span role="alert" className="text-xs text-red-700">
          {t(`errors.${state.formError}` as "errors.form")}
        </span>
      )}
    </form>
  );
}
