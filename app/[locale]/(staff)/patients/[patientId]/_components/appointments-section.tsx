import { getLocale, getTranslations } from "next-intl/server";
import type { listPatientAppointments } from "@/lib/appointments/queries";
import { formatDateTime, toZonedInputValue, zonedCalendarDatePlusDays, zonedDateTime } from "@/lib/dates";
import { ReminderTimeline } from "@/components/appointments/reminder-timeline";
import { getDb } from "@/db/client";
import { requireStaff } from "@/lib/auth/session";
import { slotOfferSummaries } from "@/lib/waitlist/queries";
import { AppointmentActions } from "./appointment-actions";
import { BookAppointmentForm } from "./book-appointment-form";

type Appointments = Awaited<ReturnType<typeof listPatientAppointments>>;
/** The patient's appointments, each with the messages planned and sent for it, and booking. */
export async function AppointmentsSection({
  patientId,
  appointments,
  doctors,
  timeZone,
  canWrite,
  title,
  headingId = "appointments-heading",
  showBooking = true,
  emptyText,
}: {
  patientId: string;
  appointments: Appointments;
  doctors: { id: string; name: string }[];
  timeZone: string;
  canWrite: boolean;
  /** The chart shows upcoming and past visits as two sections, each with its own heading and empty text. */
  title?: string;
  headingId?: string;
  showBooking?: boolean;
  emptyText?: string;
}) {
  const [t, th, tw, locale, ctx, db] = await Promise.all([
    getTranslations("appointments"),
    getTranslations("home"),
    getTranslations("waitlist"),
    getLocale(),
    requireStaff("patients:read"),
    getDb(),
  ]);
  // A cancelled visit's slot offered to the waitlist: "offered to 3, 1 declined · waiting for an answer".
  const offers = await slotOfferSummaries(db, {
    clinicId: ctx.clinicId,
    appointmentIds: appointments.filter((a) => a.status === "cancelled" || a.version > 1).map((a) => a.id),
  });
  const now = new Date();
  const tomorrow = zonedCalendarDatePlusDays(now, timeZone, 1);
  const defaultStartsAt = toZonedInputValue(zonedDateTime(timeZone, { ...tomorrow, hour: 10 }), timeZone);

  return (
    <section aria-labelledby={headingId} className="space-y-4">
      <h2 id={headingId} className="text-lg font-semibold">
        {title ?? t("title")}
      </h2>
      {canWrite && showBooking && (
        <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-gray-200">
          <h3 className="mb-4 text-base font-semibold">{t("bookTitle")}</h3>
          <BookAppointmentForm patientId={patientId} doctors={doctors} timeZone={timeZone} defaultStartsAt={defaultStartsAt} />
        </div>
      )}
      {appointments.length === 0 ? (
        <p className="text-sm text-gray-600">{emptyText ?? t("empty")}</p>
      ) : (
        <ul className="space-y-3">
          {appointments.map((a) => (
            <li key={a.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-gray-200" data-testid="appointment">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">
                  <time dateTime={a.startsAt.toISOString()}>{formatDateTime(a.startsAt, { locale, timeZone })}</time>{" "}
                  <span className="font-normal text-gray-600">{t("withDoctor", { doctor: a.doctorName })}</span>
                </p>
                <div className="flex gap-2 text-xs">
                  <span className="rounded-full bg-gray-100 px-2 py-0.5">{th(`kind.${a.kind}`)}</span>
                  <span className="rounded-full bg-brand-50 px-2 py-0.5 text-brand-700" data-testid="appointment-status">
                    {th(`status.${a.status}`)}
                    {a.status === "confirmed" && a.confirmedBy && ` ${t(a.confirmedBy === "patient" ? "byPatient" : "byStaff")}`}
                    {a.status === "cancelled" && a.cancelledBy && ` ${t(a.cancelledBy === "patient" ? "byPatient" : "byStaff")}`}
                  </span>
                </div>
              </div>
              {offers.get(a.id) &&
                (() => {
                  const offer = offers.get(a.id)!;
                  return (
                    <p className="mt-2 text-sm text-gray-700" data-testid="slot-offer-summary">
                      {tw("offers.title")}: {tw("offers.summary", { offered: offer.offered, declined: offer.declined })} ·{" "}
                      {offer.status === "open" && offer.heldUntil
                        ? tw("offers.held", { time: formatDateTime(offer.heldUntil, { locale, timeZone }) })
                        : tw(`offers.${offer.status}`)}
                    </p>
                  );
                })()}
              <h4 className="mt-3 text-xs font-semibold uppercase tracking-wide text-gray-500">{t("messagesTitle")}</h4>
              <div className="mt-1">
                <ReminderTimeline messages={a.messages} appointment={a} locale={locale} timeZone={timeZone} />
              </div>
              {canWrite && a.status !== "cancelled" && a.startsAt.getTime() > now.getTime() && (
                <div className="mt-3 border-t border-gray-100 pt-3">
                  <AppointmentActions appointmentId={a.id} startsAtLocal={toZonedInputValue(a.startsAt, timeZone)} timeZone={timeZone} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
