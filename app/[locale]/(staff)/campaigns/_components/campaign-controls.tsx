"use client";

import { useActionState, useEffect } from "react";
import { useTranslations } from "next-intl";
import { useRouter } from "@/i18n/navigation";
import {
  cancelCampaignAction,
  launchCampaignAction,
  pauseCampaignAction,
  resumeCampaignAction,
  sendCampaignTestAction,
  type CampaignFormState,
} from "@/lib/campaigns/actions";
import { Button } from "@/components/ui/button";

/** Launch, pause, resume and cancel (admins), and, while the campaign sends, a refresh every 5 s so the progress bar fills. */
export function CampaignControls({
  campaignId,
  canWrite,
  canLaunch,
  canCancel,
  canPause,
  canResume,
  live,
}: {
  campaignId: string;
  canWrite: boolean;
  canLaunch: boolean;
  canCancel: boolean;
  canPause: boolean;
  canResume: boolean;
  live: boolean;
}) {
  const t = useTranslations("campaigns");
  const router = useRouter();
  const [launched, launch, launching] = useActionState<CampaignFormState>(launchCampaignAction.bind(null, campaignId), {});
  const [cancelled, cancel, cancelling] = useActionState<CampaignFormState>(cancelCampaignAction.bind(null, campaignId), {});
  const [paused, pause, pausing] = useActionState<CampaignFormState>(pauseCampaignAction.bind(null, campaignId), {});
  const [resumed, resume, resuming] = useActionState<CampaignFormState>(resumeCampaignAction.bind(null, campaignId), {});
  const [tested, sendTest, testing] = useActionState<CampaignFormState & { to?: string }>(
    sendCampaignTestAction.bind(null, campaignId),
    {},
  );

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => router.refresh(), 5000);
    return () => clearInterval(timer);
  }, [live, router]);

  const error = launched.formError ?? cancelled.formError ?? paused.formError ?? resumed.formError ?? tested.formError;
  return (
    <div className="space-y-2">
      {launched.ok && (
        <p role="status" className="text-sm font-medium text-green-800">
          {t("detail.launched", { count: launched.queued ?? 0 })}
        </p>
      )}
      {cancelled.ok && (
        <p role="status" className="text-sm font-medium text-gray-800">
          {t("detail.cancelledDone")}
        </p>
      )}
      {paused.ok && canResume && (
        <p role="status" className="text-sm font-medium text-gray-800">
          {t("detail.paused", { count: paused.held ?? 0 })}
        </p>
      )}
      {resumed.ok && !canResume && (
        <p role="status" className="text-sm font-medium text-green-800">
          {t("detail.resumed", { count: resumed.resumed ?? 0, days: resumed.days ?? 0 })}
        </p>
      )}
      {tested.ok && (
        <p role="status" className="text-sm font-medium text-gray-800">
          {t("test.sent", { to: tested.to ?? "" })}
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {t(`errors.${error}` as "errors.form")}
        </p>
      )}
      {canWrite && (
        <div className="flex flex-wrap items-center gap-3">
          {canLaunch && (
            <form action={launch}>
              <Button type="submit" disabled={launching}>
                {t("detail.launch")}
              </Button>
            </form>
          )}
          {canPause && (
            <form action={pause}>
              <Button type="submit" variant="secondary" disabled={pausing}>
                {t("detail.pause")}
              </Button>
            </form>
          )}
          {canResume && (
            <form action={resume}>
              <Button type="submit" disabled={resuming}>
                {t("detail.resume")}
              </Button>
            </form>
          )}
          <form action={sendTest}>
            <Button type="submit" variant="secondary" disabled={testing}>
              {t("test.button")}
            </Button>
          </form>
          {canCancel && (
            <form action={cancel}>
              <Button type="submit" variant="secondary" disabled={cancelling}>
                {t("detail.cancel")}
              </Button>
            </form>
          )}
          {canLaunch && <p className="text-xs text-gray-600">{t("detail.launchHint")}</p>}
        </div>
      )}
    </div>
  );
}
