"use client";

import { useCallback, useEffect, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { getFreedSlotAction, offerFreedSlotAction } from "@/lib/waitlist/actions";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/lib/dates";

type State = NonNullable<Awaited<ReturnType<typeof getFreedSlotAction>>>;

/**
 * A cancelled visit's freed slot, in the calendar's visit dialog: what its waitlist offer came to
 * ("ofrecido a 3, 1 rechazó · esperando respuesta"), or "Ofrecer" when the clinic offers by hand.
 */
export function FreedSlotOffer({
  appointmentId,
  canWrite,
  locale,
  timeZone,
}: {
  appointmentId: string;
  canWrite: boolean;
  locale: "es" | "en";
  timeZone: string;
}) {
  const t = useTranslations("waitlist");
  const [state, setState] = useState<State | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startOffer] = useTransition();

  const load = useCallback(async () => setState(await getFreedSlotAction(appointmentId)), [appointmentId]);
  useEffect(() => {
    let alive = true;
    void getFreedSlotAction(appointmentId).then((next) => {
      if (alive) setState(next);
    });
    return () => {
      alive = false;
    };
  }, [appointmentId]);

  if (!state) return null;
  const { summary } = state;
  if (!summary && !(canWrite && state.canOffer)) return null;
  return (
    <section aria-labelledby="freed-slot-heading" className="space-y-2 rounded-md bg-gray-50 p-3" data-testid="freed-slot-offer">
      <h3 id="freed-slot-heading" className="text-sm font-semibold text-gray-800">
        {t("calendar.title")}
      </h3>
      {summary ? (
        <p className="text-sm text-gray-700" data-testid="freed-slot-summary">
          {t("offers.summary", { offered: summary.offered, declined: summary.declined })} ·{" "}
          {summary.status === "open" && summary.heldUntil
            ? t("offers.held", { time: formatDateTime(summary.heldUntil, { locale, timeZone }) })
            : t(`offers.${summary.status}`)}
        </p>
      ) : (
        <>
          <p className="text-sm text-gray-700">{t(state.autoOffer ? "calendar.notOffered" : "calendar.byHand")}</p>
          {error && (
            <p role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <Button
            type="button"
            variant="secondary"
            disabled={pending}
            onClick={() =>
              startOffer(async () => {
                const result = await offerFreedSlotAction(appointmentId);
                if (!result.ok) {
                  setError(t(`calendar.errors.${result.error}`));
                  await load();
                  return;
                }
                setError(null);
                toast.success(t("calendar.offered"));
                await load();
              })
            }
          >
            {pending ? t("calendar.offering") : t("calendar.offer")}
          </Button>
        </>
      )}
    </section>
  );
}
