import { describe, expect, it } from "vitest";
import { normalizeSender } from "./normalize-sender";

describe("normalizeSender", () => {
  it("maps WhatsApp's Mexican whatsapp:+521… to the stored +52… and keeps the raw WaId", () => {
    expect(normalizeSender({ from: "whatsapp:+5215512345678", waId: "5215512345678" })).toEqual({
      channel: "whatsapp",
      phone: "+525512345678",
      waId: "5215512345678",
    });
  });

  it("accepts WhatsApp's +52… form too", () => {
    expect(normalizeSender({ from: "whatsapp:+525512345678" })).toEqual({ channel: "whatsapp", phone: "+525512345678", waId: null });
  });

  it("reads an SMS sender as is and ignores a WaId there", () => {
    expect(normalizeSender({ from: "+525512345678", waId: "5215512345678" })).toEqual({
      channel: "sms",
      phone: "+525512345678",
      waId: null,
    });
  });

  it("gives no phone for an address that is not a phone number", () => {
    expect(normalizeSender({ from: "messenger:123456" }).phone).toBeNull();
    expect(normalizeSender({ from: "whatsapp:+52123" }).phone).toBeNull();
    expect(normalizeSender({ from: "LUNA" })).toEqual({ channel: "sms", phone: null, waId: null });
  });
});
