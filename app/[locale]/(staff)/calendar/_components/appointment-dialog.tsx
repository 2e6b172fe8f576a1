"use client";

import { useCallback, useEffect, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import {
  cancelFromCalendarAction,
  getAppointmentDetailAction,
  markAppointmentOutcomeAction,
  rescheduleFromCalendarAction,
} from "@/lib/appointments/actions";
import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { ReminderTimeline } from "@/components/appointments/reminder-timeline";
import { formatDateTime, toZonedInputValue } from "@/lib/dates";
import { useDescribePlanned } from "@/lib/notifications/use-describe-forecast";
import { statusLabelKey } from "./status";
import { FreedSlotOffer } from "./freed-slot-offer";
import { VisitCharges } from "./visit-charges";

type Detail = NonNullable<Awaited<ReturnType<typeof getAppointmentDetailAction>>>;

/** While the dialog is open its messages are re-read this often, so "sent → delivered" shows as it happens. */
const REFRESH_MS = 4_000;

/** One appointment: who, when, status, its reminder timeline; move, cancel (confirmed first), mark the outcome. */
export function AppointmentDialog({
  appointmentId,
  onClose,
  onChanged,
  timeZone,
  locale,
  canWrite,
}: {
  appointmentId: string;
  onClose: () => void;
  onChanged: () => void;
  timeZone: string;
  locale: "es" | "en";
  canWrite: boolean;
}) {
  const t = useTranslations("calendar");
  const ta = useTranslations("appointments");
  const th = useTranslations("home");
  const describe = useDescribePlanned({ locale, timeZone });
  const [detail, setDetail] = useState<Detail | null | undefined>(undefined);
  // The time the detail was read: whether the visit is upcoming is decided against it, not during render.
  const [now, setNow] = useState(0);
  const [moveError, setMoveError] = useState<string | null>(null);
  // The time staff asked for lies outside the doctor's hours: the same move again, once they confirm it.
  const [outsideHoursMove, setOutsideHoursMove] = useState<string | null>(null);
  const tHours = useTranslations("doctors.calendar");
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [pending, startAction] = useTransition();

  const load = useCallback(async () => {
    const next = await getAppointmentDetailAction(appointmentId);
    setNow(Date.now());
    setDetail(next);
  }, [appointmentId]);

  useEffect(() => {
    let alive = true;
    const tick = async () => {
      const next = await getAppointmentDetailAction(appointmentId);
      if (!alive) return;
      setNow(Date.now());
      setDetail(next);
    };
    void tick();
    const timer = setInterval(tick, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [appointmentId]);

  const upcoming = detail ? detail.startsAt.getTime() > now : false;
  const active = detail ? detail.status !== "cancelled" : false;
  const title = detail ? `${detail.patientFirstName} ${detail.patientLastName}` : t("detail.title");

  const afterChange = async (message: string, description?: string) => {
    toast.success(message, description ? { description } : undefined);
    onChanged();
    await load();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      closeLabel={t("close")}
      testId="appointment-dialog"
      className="w-[min(46rem,calc(100vw-2rem))]"
    >
      {detail === undefined ? (
        <p role="status" className="py-8 text-center text-sm text-gray-600">
          {t("detail.loading")}
        </p>
      ) : detail === null ? (
        <p role="alert" className="py-8 text-center text-sm text-gray-700">
          {t("detail.notFound")}
        </p>
      ) : (
        <div className="space-y-5">
          <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-gray-500">{t("detail.status")}</dt>
              <dd className="font-medium" data-testid="appointment-dialog-status">
                {t(statusLabelKey(detail))}
              </dd>
            </div>
            <div>
              <dt className="text-gray-500">{t("detail.when")}</dt>
              <dd>
                <time dateTime={detail.startsAt.toISOString()}>{formatDateTime(detail.startsAt, { locale, timeZone })}</time> (
                {Math.round((detail.endsAt.getTime() - detail.startsAt.getTime()) / 60_000)} min)
              </dd>
            </div>
            <div>
              <dt className="text-gray-500">{t("detail.patient")}</dt>
              <dd>
                {detail.patientContact} ·{" "}
                <Link href={`/patients/${detail.patientId}`} className="text-brand-700 underline underline-offset-2">
                  {t("detail.openChart")}
                </Link>
              </dd>
            </div>
            <div>
              <dt className="text-gray-500">{t("detail.doctor")}</dt>
              <dd>{detail.doctorName}</dd>
            </div>
            <div>
              <dt className="text-gray-500">{t("detail.kind")}</dt>
              <dd>{th(`kind.${detail.kind}`)}</dd>
            </div>
            {detail.kind === "video" && detail.videoUrl && (
              <div>
                <dt className="text-gray-500">{t("detail.joinLink")}</dt>
                <dd className="truncate">
                  <a href={detail.videoUrl} target="_blank" rel="noreferrer" className="text-brand-700 underline underline-offset-2">
                    {detail.videoUrl}
                  </a>
                </dd>
              </div>
            )}
          </dl>

          {actionError && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
              {actionError}
            </p>
          )}

          {canWrite && active && upcoming && (
            <form
              className="flex flex-wrap items-end gap-3 rounded-md bg-gray-50 p-3"
              onSubmit={(event) => {
                event.preventDefault();
                const startsAt = String(new FormData(event.currentTarget).get("startsAt") ?? "");
                const submitter = (event.nativeEvent as SubmitEvent).submitter;
                const confirmOutsideHours = submitter?.getAttribute("value") === "outside-hours" && outsideHoursMove === startsAt;
                startAction(async () => {
                  const result = await rescheduleFromCalendarAction({ appointmentId: detail.id, startsAt, confirmOutsideHours });
                  if (!result.ok) {
                    const code = result.formError ?? result.fieldErrors?.startsAt ?? "form";
                    if (code === "outsideHours") {
                      setOutsideHoursMove(startsAt);
                      setMoveError(tHours("moveOutsideHours"));
                      return;
                    }
                    setOutsideHoursMove(null);
                    setMoveError(ta(`errors.${code}` as "errors.form"));
                    return;
                  }
                  setOutsideHoursMove(null);
                  setMoveError(null);
                  await afterChange(t("detail.moved"), describe(result.forecast, detail.kind));
                });
              }}
            >
              <div className="min-w-56 flex-1">
                <Field
                  id="move-startsAt"
                  label={t("detail.newTime")}
                  hint={ta("startsAtHint", { timeZone })}
                  error={moveError ?? undefined}
                >
                  <Input
                    id="move-startsAt"
                    name="startsAt"
                    type="datetime-local"
                    step={300}
                    key={detail.startsAt.toISOString()}
                    defaultValue={toZonedInputValue(detail.startsAt, timeZone)}
                    invalid={Boolean(moveError)}
                    aria-describedby={moveError ? "move-startsAt-error" : "move-startsAt-hint"}
                  />
                </Field>
              </div>
              <Button type="submit" variant="secondary" disabled={pending}>
                {pending ? t("detail.moving") : t("detail.move")}
              </Button>
              {outsideHoursMove && (
                <Button type="submit" value="outside-hours" disabled={pending}>
                  {tHours("moveOutsideHoursConfirm")}
                </Button>
              )}
            </form>
          )}

          {canWrite && active && (
            <div className="space-y-2">
              <h3 className="text-sm font-semibold text-gray-800">{t("detail.outcomeTitle")}</h3>
              {upcoming ? (
                <p className="text-sm text-gray-600">{t("detail.outcomeLater")}</p>
              ) : (
                <div className="flex flex-wrap gap-2">
                  {(["completed", "no_show"] as const).map((outcome) => (
                    <Button
                      key={outcome}
                      type="button"
                      variant="secondary"
                      disabled={pending || detail.status === outcome}
                      aria-pressed={detail.status === outcome}
                      onClick={() =>
                        startAction(async () => {
                          const result = await markAppointmentOutcomeAction({ appointmentId: detail.id, outcome });
                          if (!result.ok) {
                            setActionError(ta(`errors.${result.error}`));
                            return;
                          }
                          setActionError(null);
                          await afterChange(t(outcome === "completed" ? "detail.markedCompleted" : "detail.markedNoShow"));
                        })
                      }
                    >
                      {t(outcome === "completed" ? "detail.markCompleted" : "detail.markNoShow")}
                    </Button>
                  ))}
                </div>
              )}
            </div>
          )}

          {detail.status === "cancelled" && (
            <FreedSlotOffer key={detail.version} appointmentId={detail.id} canWrite={canWrite} locale={locale} timeZone={timeZone} />
          )}

          {active && (
            <VisitCharges
              appointmentId={detail.id}
              patientId={detail.patientId}
              visitLabel={`${formatDateTime(detail.startsAt, { locale, timeZone })} · ${detail.doctorName}`}
              locale={locale}
              timeZone={timeZone}
            />
          )}

          <section aria-labelledby="timeline-heading" className="space-y-2">
            <div className="flex items-center justify-between">
              <h3 id="timeline-heading" className="text-sm font-semibold text-gray-800">
                {t("detail.timelineTitle")}
              </h3>
              <Button type="button" variant="ghost" className="px-2 py-1 text-xs" onClick={() => void load()}>
                {t("detail.refresh")}
              </Button>
            </div>
            <ReminderTimeline messages={detail.messages} appointment={detail} locale={locale} timeZone={timeZone} />
          </section>

          {canWrite && active && upcoming && (
            <div className="flex justify-end border-t border-gray-100 pt-4">
              <Button type="button" variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setConfirmingCancel(true)}>
                {t("detail.cancel")}
              </Button>
            </div>
          )}
          <Dialog
            open={confirmingCancel}
            onClose={() => setConfirmingCancel(false)}
            title={t("detail.cancelTitle")}
            description={t("detail.cancelBody", { patient: title })}
            closeLabel={t("close")}
            testId="cancel-dialog"
            className="w-[min(28rem,calc(100vw-2rem))]"
          >
            <div className="flex flex-wrap justify-end gap-2">
              <Button type="button" variant="secondary" autoFocus onClick={() => setConfirmingCancel(false)}>
                {t("detail.cancelKeep")}
              </Button>
              <Button
                type="button"
                className="bg-red-700 hover:bg-red-800"
                disabled={pending}
                onClick={() =>
                  startAction(async () => {
                    const result = await cancelFromCalendarAction(detail.id);
                    setConfirmingCancel(false);
                    if (!result.ok) {
                      setActionError(ta(`errors.${result.formError ?? "form"}` as "errors.form"));
                      return;
                    }
                    setActionError(null);
                    await afterChange(t("detail.cancelled"), describe(result.forecast));
                  })
                }
              >
                {pending ? t("detail.cancelling") : t("detail.cancelConfirm")}
              </Button>
            </div>
          </Dialog>
        </div>
      )}
    </Dialog>
  );
}
