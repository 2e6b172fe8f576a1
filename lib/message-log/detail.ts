import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db } from "@/db/client";
import { appointments, clinics, deliveries, deliveryEvents, patients, users, type Channel, type Delivery, type Locale } from "@/db/schema";
import { renderMessage } from "@/lib/notifications/render-message";
import {
  APPOINTMENT_VARIANTS,
  isNotificationType,
  kindOf,
  type AppointmentVariant,
  type NotificationType,
} from "@/lib/notifications/registry";
import { subjectMapKey } from "@/lib/notifications/kinds/types";
import { bodyOf, getTemplateDefinition } from "@/lib/notifications/templates/definitions";
import { emailSubject } from "@/lib/notifications/templates/email-copy";
import { fillPlaceholders } from "@/lib/notifications/templates/fill-placeholders";

/** One delivery as its detail page shows it. Scoped by clinic: another clinic's id is simply absent. */
export interface DeliveryDetail {
  delivery: Delivery;
  patient: { id: string; firstName: string; phoneLast4: string | null };
  clinic: { name: string; timezone: string };
  appointment: { id: string; startsAt: Date; kind: AppointmentVariant; videoUrl: string | null; doctorName: string } | null;
  /** The delivery's subject as its kind loads it now (a preview is filled from it); null when it has vanished. */
  subject: unknown;
  events: { id: number; status: Delivery["status"]; errorCode: string | null; source: string; occurredAt: Date }[];
  /** The whole fallback chain this delivery belongs to, the first message first (depth 0). */
  chain: { id: string; channel: Channel; status: Delivery["status"]; sendAt: Date; depth: number; fallbackOfId: string | null }[];
}

/** The delivery of a clinic with its events and chain, or null (unknown id, malformed id, another clinic's). */
export async function getDeliveryDetail(db: Db, params: { clinicId: string; deliveryId: string }): Promise<DeliveryDetail | null> {
  const { clinicId, deliveryId } = params;
  if (!z.uuid().safeParse(deliveryId).success) return null;
  const [row] = await db
    .select({
      delivery: deliveries,
      patientId: patients.id,
      firstName: patients.firstName,
      phoneLast4: sql<string | null>`right(${patients.phone}, 4)`,
      clinicName: clinics.name,
      clinicTimezone: clinics.timezone,
      appointmentId: appointments.id,
      startsAt: appointments.startsAt,
      kind: appointments.kind,
      videoUrl: appointments.videoUrl,
      doctorName: users.name,
    })
    .from(deliveries)
    .innerJoin(patients, and(eq(patients.id, deliveries.patientId), eq(patients.clinicId, deliveries.clinicId)))
    .innerJoin(clinics, eq(clinics.id, deliveries.clinicId))
    .leftJoin(appointments, and(eq(appointments.id, deliveries.appointmentId), eq(appointments.clinicId, deliveries.clinicId)))
    .leftJoin(users, eq(users.id, appointments.doctorId))
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.clinicId, clinicId)))
    .limit(1);
  if (!row) return null;

  const kind = kindOf(row.delivery.notificationType);
  const [events, chain, subjects] = await Promise.all([
    db
      .select({
        id: deliveryEvents.id,
        status: deliveryEvents.status,
        errorCode: deliveryEvents.errorCode,
        source: deliveryEvents.source,
        occurredAt: deliveryEvents.occurredAt,
      })
      .from(deliveryEvents)
      .where(and(eq(deliveryEvents.deliveryId, deliveryId), eq(deliveryEvents.clinicId, clinicId)))
      .orderBy(asc(deliveryEvents.occurredAt), asc(deliveryEvents.id)),
    loadFallbackChain(db, { clinicId, deliveryId }),
    kind?.loadSubjects(db, [{ clinicId, patientId: row.delivery.patientId, subjectId: row.delivery.subjectId }]),
  ]);

  return {
    delivery: row.delivery,
    patient: { id: row.patientId, firstName: row.firstName, phoneLast4: row.phoneLast4 },
    clinic: { name: row.clinicName, timezone: row.clinicTimezone },
    appointment:
      row.appointmentId && row.startsAt && row.kind
        ? { id: row.appointmentId, startsAt: row.startsAt, kind: row.kind, videoUrl: row.videoUrl, doctorName: row.doctorName ?? "" }
        : null,
    subject: subjects?.get(subjectMapKey({ clinicId, subjectId: row.delivery.subjectId })) ?? null,
    events,
    chain,
  };
}

/** Up to the first message of the chain (fallback_of_id), then down every retry from there; one clinic. */
async function loadFallbackChain(db: Db, params: { clinicId: string; deliveryId: string }) {
  const { clinicId, deliveryId } = params;
  // Depth-bounded both ways: a chain is at most WhatsApp → SMS → email; 10 guards against a cycle.
  const rows = await queryRows<{
    id: string;
    channel: Channel;
    status: Delivery["status"];
    send_at: string | Date;
    depth: number;
    fallback_of_id: string | null;
  }>(
    db,
    sql`
      with recursive up as (
        select id, fallback_of_id, 0 as steps from deliveries where id = ${deliveryId} and clinic_id = ${clinicId}
        union all
        select d.id, d.fallback_of_id, up.steps + 1 from deliveries d join up on d.id = up.fallback_of_id
        where d.clinic_id = ${clinicId} and up.steps < 10
      ),
      root as (select id from up order by steps desc limit 1),
      down as (
        select d.id, 0 as depth from deliveries d where d.id = (select id from root) and d.clinic_id = ${clinicId}
        union all
        select d.id, down.depth + 1 from deliveries d join down on d.fallback_of_id = down.id
        where d.clinic_id = ${clinicId} and down.depth < 10
      )
      select d.id, d.channel, d.status, d.send_at, down.depth, d.fallback_of_id
      from down join deliveries d on d.id = down.id
      order by down.depth, d.send_at, d.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    status: r.status,
    sendAt: new Date(r.send_at),
    depth: Number(r.depth),
    fallbackOfId: r.fallback_of_id,
  }));
}

/**
 * "sent": the words recorded at send time; "rebuilt": a row sent before they were recorded, refilled from
 * its stored WhatsApp values; "preview": not sent, rendered from today's templates and data.
 */
export type DeliveryContent = { kind: "sent" | "rebuilt" | "preview"; text: string; subject: string | null } | { kind: "unavailable" };

/** "reminder.video.es" → type, variant, locale; "opt_out_confirmation.es" → the type and locale. */
export function parseTemplateKey(key: string): { type: NotificationType; variant: AppointmentVariant; locale: Locale } | null {
  const parts = key.split(".");
  const type = parts[0];
  if (!isNotificationType(type)) return null;
  const variant = (parts.length === 3 ? parts[1] : "in_person") as AppointmentVariant;
  const locale = parts[parts.length - 1] as Locale;
  if (!APPOINTMENT_VARIANTS.includes(variant) || (locale !== "es" && locale !== "en")) return null;
  return { type, variant, locale };
}

/**
 * What the message says. A sent message shows the words recorded when it went to the provider
 * (`sent_body`, `sent_subject`), whatever the templates say today. A row sent before those columns
 * existed kept its template key and WhatsApp variables: today's template filled by the same
 * `fillPlaceholders` gives its text back ("rebuilt": right unless the wording changed since). A message not sent (yet) is rendered by `renderMessage` with
 * today's data, as dispatch would render it at its send time.
 */
export async function renderDeliveryContent(detail: DeliveryDetail): Promise<DeliveryContent> {
  const { delivery, patient, clinic } = detail;
  if (delivery.sentBody !== null) return { kind: "sent", text: delivery.sentBody, subject: delivery.sentSubject };
  const key = parseTemplateKey(delivery.templateKey);
  if (!key) return { kind: "unavailable" };
  const definition = getTemplateDefinition(key);
  const stored = delivery.variables ?? {};
  const subjectOf = (clinicName: string) =>
    delivery.channel === "email" ? emailSubject({ type: key.type, locale: key.locale, clinicName }) : null;

  if (Object.keys(stored).length > 0) {
    const values = definition.variables.map((_, index) => stored[String(index + 1)]);
    if (values.some((value) => typeof value !== "string")) return { kind: "unavailable" };
    const clinicIndex = definition.variables.indexOf("clinicName");
    const text = fillPlaceholders({ body: bodyOf(definition), values });
    return { kind: "rebuilt", text, subject: subjectOf(clinicIndex >= 0 ? values[clinicIndex] : clinic.name) };
  }

  // Not sent: filled by the message's kind from its subject and payload, as dispatch would fill it.
  const kind = kindOf(key.type);
  const payload = kind?.payloadSchema.safeParse(delivery.payload ?? {});
  if (!kind || !payload?.success || detail.subject === null || detail.subject === undefined) return { kind: "unavailable" };
  try {
    const { variant, vars } = kind.templateValues({
      subject: detail.subject,
      payload: payload.data,
      patient,
      clinic,
      locale: key.locale,
      now: delivery.sendAt,
    });
    const rendered = await renderMessage({ type: key.type, variant, locale: key.locale, vars, withEmail: false });
    return { kind: "preview", text: delivery.channel === "sms" ? rendered.smsText : rendered.text, subject: subjectOf(clinic.name) };
  } catch {
    return { kind: "unavailable" };
  }
}
