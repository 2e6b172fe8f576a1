import type { z } from "zod";
import type { Db } from "@/db/client";
import type { Delivery, Locale, Patient } from "@/db/schema";
import type { DeliverySubjectType, NotificationType } from "@/db/schema/enums";
import type { MessageVars } from "../render-message";
import type { ClinicNotificationSettings } from "../settings";

/** The two template variants of a visit's messages; other kinds have one template per type and locale. */
export const APPOINTMENT_VARIANTS = ["in_person", "video"] as const;
export type AppointmentVariant = (typeof APPOINTMENT_VARIANTS)[number];

/** A notice with no visit or link to be timely for (a reply's confirmation): worth sending for this long. */
export const NOTICE_DEADLINE_MS = 4 * 3_600_000;

/** Is this message still wanted, now? `failed` only for a row that cannot be sent as planned (bad payload). */
export type Verdict =
  | { send: true }
  /** `message`: what the log's reason adds (never a value from the row: field names only). */
  | { send: false; status: "skipped" | "cancelled" | "failed"; reason: string; message?: string };

/** What a kind reads of the delivery it decides about. */
export type KindDelivery = Pick<Delivery, "notificationType" | "channel" | "subjectVersion" | "sendAt">;

/** The subject of one delivery, as a kind's loader is asked for it (tenant and recipient included). */
export interface SubjectKey {
  clinicId: string;
  patientId: string;
  subjectId: string;
}

/** The key a loader's map is read by: a subject is found only in its own clinic. */
export const subjectMapKey = (key: Pick<SubjectKey, "clinicId" | "subjectId">) => `${key.clinicId}/${key.subjectId}`;

/**
 * One kind of message (a visit's notices, a patient link, the answer to a reply …). The engine claims,
 * decides, renders, sends, records, retries and falls back without knowing any kind by name: whatever
 * depends on what the message is about is asked of its kind, which the registry row points at.
 *
 * Methods use method syntax on purpose: a kind of `MessageKind<Appointment, {}>` is stored in the registry
 * as a `MessageKind` of unknown subject and payload, and the engine only ever hands a kind its own.
 */
export interface MessageKind<Subject = unknown, Payload = unknown> {
  /** For logs and docs ("appointment", "patient_link", "reply"). */
  id: string;
  /** What its deliveries point at (`deliveries.subject_type`). */
  subjectType: DeliverySubjectType;
  /**
   * What a delivery of this kind was planned with beyond its subject (`deliveries.payload`). Checked on
   * every claimed row: one that fails is failed as `invalid_payload`, never sent half-filled.
   */
  payloadSchema: z.ZodType<Payload>;
  /**
   * The subjects of many deliveries at once (one query per claimed batch, none per message), keyed by
   * `subjectMapKey`; a key absent from the map is a subject that has vanished. Each lookup is scoped by its
   * clinic (and, where the subject belongs to one patient, by the patient).
   */
  loadSubjects(db: Db, keys: readonly SubjectKey[]): Promise<Map<string, Subject>>;
  /** The reason a delivery whose subject vanished is cancelled with (`error_code`). */
  missingSubjectReason: string;
  /**
   * Whether the claimed message is still wanted, given its subject as it is now: cancelled when the
   * subject says so (visit cancelled or moved, link revoked …), skipped when the patient cannot or will
   * not be reached on this channel (`reachVerdict`).
   */
  decide(params: {
    delivery: KindDelivery;
    subject: Subject;
    patient: Patient;
    settings: Pick<ClinicNotificationSettings, "channels">;
    now: Date;
  }): Verdict;
  /** Until when the message is worth sending: retries stop and fallbacks are not planned after it. */
  deadline(params: { delivery: Pick<Delivery, "notificationType" | "sendAt">; subject: Subject }): Date;
  /** Goes out whatever the clinic's quiet hours (the 1 h reminder; the answer to the patient's own STOP). */
  urgent(params: { delivery: Pick<Delivery, "notificationType"> }): boolean;
  /** Whether a message the patient could not get on one channel is tried on the next (WhatsApp → SMS → email). */
  fallsBack: boolean;
  /** The template variants its types have; the catalog lists (and Meta reviews) each. */
  templateVariants: readonly AppointmentVariant[];
  /** The key of a type's template (WhatsApp content SIDs are configured per key). */
  templateKey(params: { type: NotificationType; variant: AppointmentVariant; locale: Locale }): string;
  /**
   * What the template is filled with (MessageVars' privacy contract: first name, doctor's and clinic's
   * names, time phrases, the video or patient link), and which variant it uses.
   */
  templateValues(params: {
    subject: Subject;
    payload: Payload;
    patient: Pick<Patient, "firstName">;
    /** The clinic as the message names it (its address: where an in-person visit's email says it is). */
    clinic: { name: string; timezone: string; address?: string | null };
    /** The language the message is written in (the doctor's title and article follow it). */
    locale: Locale;
    now: Date;
  }): { variant: AppointmentVariant; vars: MessageVars };
  /**
   * The subject as a forecast assumes it (the booking toast, the visit's timeline): the visit being
   * booked or shown, a link just created. Null when the kind cannot be forecast from a visit.
   */
  forecastSubject(params: { appointment: ForecastAppointment | null; patientId: string; at: Date }): Subject | null;
  /**
   * Its emails carry a one-click unsubscribe (List-Unsubscribe + List-Unsubscribe-Post) that withdraws the
   * patient's marketing consent on email: campaigns. The engine adds the headers (unsubscribe-link.ts).
   */
  oneClickUnsubscribe?: boolean;
}

/** What a forecast knows of the visit a message belongs to. */
export interface ForecastAppointment {
  status: "scheduled" | "confirmed" | "cancelled" | "completed" | "no_show";
  version: number;
  startsAt: Date;
}

/** Checks a kind against the interface and keeps its own subject and payload types. */
export function defineKind<Subject, Payload>(kind: MessageKind<Subject, Payload>): MessageKind<Subject, Payload> {
  return kind;
}

/** `<type>.<variant>.<locale>`: a kind whose types have a template per variant. */
export const variantTemplateKey = (p: { type: NotificationType; variant: AppointmentVariant; locale: Locale }) =>
  `${p.type}.${p.variant}.${p.locale}`;
/** `<type>.<locale>`: a kind whose types read the same whatever the visit. */
export const plainTemplateKey = (p: { type: NotificationType; locale: Locale }) => `${p.type}.${p.locale}`;
