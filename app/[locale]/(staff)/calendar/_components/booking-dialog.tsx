"use client";

import { useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { bookFromCalendarAction, type PatientOption } from "@/lib/appointments/actions";
import type { AppointmentFieldErrors } from "@/lib/appointments/change-appointment";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { PatientPicker } from "./patient-picker";
import { BookingWaitlist } from "./booking-waitlist";
import { useDescribePlanned } from "@/lib/notifications/use-describe-forecast";

const DURATIONS = [15, 30, 45, 60, 90];

/** Books an appointment at the clicked slot (or any time staff type), through the engine's bookAppointment. */
export function BookingDialog({
  open,
  onClose,
  onBooked,
  initialStartsAt,
  doctors,
  defaultDoctorId,
  timeZone,
  locale,
  videoRoomBaseUrl,
}: {
  open: boolean;
  onClose: () => void;
  onBooked: (appointmentId: string) => void;
  initialStartsAt: string;
  doctors: { id: string; name: string }[];
  defaultDoctorId?: string;
  timeZone: string;
  locale: "es" | "en";
  videoRoomBaseUrl: string | null;
}) {
  const t = useTranslations("calendar");
  const ta = useTranslations("appointments");
  const th = useTranslations("home");
  const tHours = useTranslations("doctors.calendar");
  // Set by "Book outside working hours": the next submit carries the confirmation the server asks for.
  const confirmOutside = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [outsideDoctor, setOutsideDoctor] = useState<string | null>(null);
  const describe = useDescribePlanned({ locale, timeZone });
  const [patient, setPatient] = useState<PatientOption | null>(null);
  const [kind, setKind] = useState<"in_person" | "video">("in_person");
  const [videoMode, setVideoMode] = useState<"paste" | "generate">(videoRoomBaseUrl ? "generate" : "paste");
  const [fieldErrors, setFieldErrors] = useState<AppointmentFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, startBooking] = useTransition();
  const error = (field: keyof AppointmentFieldErrors) =>
    fieldErrors[field] ? ta(`errors.${fieldErrors[field]}` as "errors.form") : undefined;

  return (
    <Dialog open={open} onClose={onClose} title={t("book.title")} closeLabel={t("close")} testId="booking-dialog">
      <form
        noValidate
        ref={formRef}
        className="space-y-4"
        onChange={() => {
          // A changed time or doctor is a new question: confirm again if it is out of hours too.
          setOutsideDoctor(null);
        }}
        onSubmit={(event) => {
          event.preventDefault();
          const data = Object.fromEntries([...new FormData(event.currentTarget).entries()].map(([k, v]) => [k, String(v)]));
          const confirmOutsideHours = confirmOutside.current ? "1" : "";
          confirmOutside.current = false;
          startBooking(async () => {
            const result = await bookFromCalendarAction({ ...data, patientId: patient?.id ?? "", kind, videoMode, confirmOutsideHours });
            if (!result.ok && result.fieldErrors?.startsAt === "outsideHours" && Object.keys(result.fieldErrors).length === 1) {
              setFieldErrors({});
              setFormError(null);
              setOutsideDoctor(doctors.find((d) => d.id === data.doctorId)?.name ?? "");
              return;
            }
            setOutsideDoctor(null);
            if (result.ok) {
              toast.success(t("book.booked"), { description: describe(result.forecast, kind) });
              onBooked(result.appointmentId);
              return;
            }
            setFieldErrors(result.fieldErrors ?? {});
            setFormError(result.formError ? ta(`errors.${result.formError}`) : ta("errors.form"));
          });
        }}
      >
        {formError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
            {formError}
          </p>
        )}
        {outsideDoctor !== null && (
          <div
            role="alert"
            className="space-y-2 rounded-md bg-amber-50 px-3 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
            data-testid="outside-hours"
          >
            <p className="font-semibold">{tHours("outsideHoursTitle")}</p>
            <p>{tHours("outsideHoursBody", { doctor: outsideDoctor })}</p>
            <Button
              type="button"
              disabled={pending}
              onClick={() => {
                confirmOutside.current = true;
                formRef.current?.requestSubmit();
              }}
            >
              {tHours("outsideHoursConfirm")}
            </Button>
          </div>
        )}
        <PatientPicker value={patient} onChange={setPatient} error={error("patientId")} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="book-startsAt" label={t("book.startsAt")} hint={ta("startsAtHint", { timeZone })} error={error("startsAt")}>
            <Input
              id="book-startsAt"
              name="startsAt"
              type="datetime-local"
              step={300}
              defaultValue={initialStartsAt}
              invalid={Boolean(error("startsAt"))}
              aria-describedby={error("startsAt") ? "book-startsAt-error" : "book-startsAt-hint"}
              required
            />
          </Field>
          <Field id="book-doctorId" label={ta("doctor")} error={error("doctorId")}>
            <Select id="book-doctorId" name="doctorId" defaultValue={defaultDoctorId ?? ""} invalid={Boolean(error("doctorId"))}>
              {doctors.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="book-durationMinutes" label={ta("duration")} error={error("durationMinutes")}>
            <Select id="book-durationMinutes" name="durationMinutes" defaultValue="30">
              {DURATIONS.map((m) => (
                <option key={m} value={m}>
                  {ta("durationMinutes", { minutes: m })}
                </option>
              ))}
            </Select>
          </Field>
          <fieldset>
            <legend className="block text-sm font-medium text-gray-800">{t("book.kind")}</legend>
            <div className="mt-2 flex flex-wrap gap-4 text-sm">
              {(["in_person", "video"] as const).map((k) => (
                <label key={k} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="kindChoice"
                    value={k}
                    checked={kind === k}
                    onChange={() => setKind(k)}
                    className="accent-brand-600"
                  />
                  {th(`kind.${k}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        {kind === "video" && (
          <fieldset className="space-y-3 rounded-md p-3 ring-1 ring-gray-200">
            <legend className="px-1 text-sm font-medium text-gray-800">{t("book.videoLink")}</legend>
            {videoRoomBaseUrl ? (
              <div className="flex flex-wrap gap-4 text-sm">
                {(["generate", "paste"] as const).map((m) => (
                  <label key={m} className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="videoModeChoice"
                      value={m}
                      checked={videoMode === m}
                      onChange={() => setVideoMode(m)}
                      className="accent-brand-600"
                    />
                    {t(m === "generate" ? "book.videoGenerate" : "book.videoPaste")}
                  </label>
                ))}
              </div>
            ) : (
              <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">{t("book.noVideoBase")}</p>
            )}
            {videoMode === "generate" && videoRoomBaseUrl ? (
              <p className="text-sm text-gray-600">{t("book.videoGenerateHint", { base: videoRoomBaseUrl })}</p>
            ) : (
              <Field id="book-videoUrl" label={ta("videoUrl")} hint={ta("videoUrlHint")} error={error("videoUrl")}>
                <Input
                  id="book-videoUrl"
                  name="videoUrl"
                  type="url"
                  inputMode="url"
                  placeholder="https://"
                  invalid={Boolean(error("videoUrl"))}
                  aria-describedby={error("videoUrl") ? "book-videoUrl-error" : "book-videoUrl-hint"}
                />
              </Field>
            )}
          </fieldset>
        )}
        <Field id="book-internalNotes" label={ta("notes")} error={error("internalNotes")}>
          <Input id="book-internalNotes" name="internalNotes" />
        </Field>
        <div className="flex justify-end gap-2 border-t border-gray-100 pt-4">
          <Button type="button" variant="ghost" onClick={onClose}>
            {t("close")}
          </Button>
          <Button type="submit" disabled={pending || doctors.length === 0}>
            {pending ? t("book.submitting") : t("book.submit")}
          </Button>
        </div>
      </form>
      <BookingWaitlist patient={patient} doctors={doctors} />
    </Dialog>
  );
}
