"use client";

import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { closeVisitAction } from "@/lib/results/actions";
import { Button } from "@/components/ui/button";

/** Attended / No-show for one past visit: one click records it (who and when are kept on the visit). */
export function CloseVisitButtons({ appointmentId, patientName }: { appointmentId: string; patientName: string }) {
  const t = useTranslations("toClose");
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState<"completed" | "no_show" | null>(null);
  const record = (outcome: "completed" | "no_show") =>
    startTransition(async () => {
      const result = await closeVisitAction({ appointmentId, outcome });
      if (result.ok) {
        setDone(outcome);
        toast.success(t("marked", { outcome: t(`outcome.${outcome}`) }));
      } else toast.error(t("error"));
    });
  if (done) return <span className="text-sm text-gray-600">{t("marked", { outcome: t(`outcome.${done}`) })}</span>;
  return (
    <div className="flex gap-2">
      <Button
        type="button"
        variant="secondary"
        className="px-3 py-1.5"
        disabled={pending}
        aria-label={t("attendedFor", { name: patientName })}
        onClick={() => record("completed")}
      >
        {t("attended")}
      </Button>
      <Button
        type="button"
        variant="secondary"
        className="px-3 py-1.5"
        disabled={pending}
        aria-label={t("noShowFor", { name: patientName })}
        onClick={() => record("no_show")}
      >
        {t("noShow")}
      </Button>
    </div>
  );
}
