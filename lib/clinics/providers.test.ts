import { describe, expect, it } from "vitest";
import type { Env } from "@/lib/env";
import { configuredProviders } from "./providers";

const base = { NODE_ENV: "test", PGLITE_DIR: ".data/pglite" } as Env;

describe("configuredProviders", () => {
  it("reports the embedded defaults when nothing is configured", () => {
    expect(configuredProviders(base)).toEqual({
      messaging: "outbox",
      whatsappSender: false,
      whatsappTemplates: false,
      smsSender: false,
      email: "outbox",
      emailSender: false,
      storage: "filesystem",
      scheduler: "embedded",
      db: "pglite",
    });
  });

  it("says which providers are set, and never carries a secret or an address", () => {
    const env = {
      ...base,
      TWILIO_ACCOUNT_SID: "AC0123456789abcdef0123456789abcdef",
      TWILIO_AUTH_TOKEN: "secret-auth-token-value",
      TWILIO_WHATSAPP_FROM: "whatsapp:+14155238886",
      TWILIO_CONTENT_SIDS: '{"reminder.in_person.es":"HX0123"}',
      RESEND_API_KEY: "re_secret_key_value",
      RESEND_FROM: "Clínica Luna <avisos@luna.example.mx>",
      S3_BUCKET: "luna-private-bucket",
      INNGEST_EVENT_KEY: "inngest-event-key-value",
      DATABASE_URL: "postgres://user:db-password@db.example:5432/luna",
    } as Env;
    const providers = configuredProviders(env);
    expect(providers).toMatchObject({
      messaging: "twilio",
      whatsappSender: true,
      whatsappTemplates: true,
      smsSender: false,
      email: "resend",
      emailSender: true,
      storage: "s3",
      scheduler: "inngest",
      db: "postgres",
    });
    const shown = JSON.stringify(providers);
    for (const value of Object.values(env)) {
      if (typeof value === "string" && value.length > 5) expect(shown).not.toContain(value);
    }
  });
});
