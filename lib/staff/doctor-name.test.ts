import { describe, expect, it } from "vitest";
import { doctorDisplayName, doctorPhrase } from "./doctor-name";

describe("a doctor's name in messages and on screens", () => {
  it.each([
    [{ name: "García", title: "dr" }, "es", "el Dr. García", "Dr. García"],
    [{ name: "Dra. López", title: "dra" }, "es", "la Dra. López", "Dra. López"],
    [{ name: "López", title: "dra" }, "en", "Dr. López", "Dr. López"],
    [{ name: "Dr. García", title: "dr" }, "en", "Dr. García", "Dr. García"],
    [{ name: "Ana Torres", title: null }, "es", "Ana Torres", "Ana Torres"],
    [{ name: " Dr. Prueba ", title: undefined }, "en", "Dr. Prueba", "Dr. Prueba"],
  ] as const)("%o in %s: phrase %s, display %s", (doctor, locale, phrase, display) => {
    expect(doctorPhrase(doctor, locale)).toBe(phrase);
    expect(doctorDisplayName(doctor, locale)).toBe(display);
  });

  it("reads as Spanish after 'con' for both genders (never 'con Dra.' or 'del Dra.')", () => {
    expect(`tu cita con ${doctorPhrase({ name: "López", title: "dra" }, "es")}`).toBe("tu cita con la Dra. López");
    expect(`tu cita con ${doctorPhrase({ name: "García", title: "dr" }, "es")}`).toBe("tu cita con el Dr. García");
  });
});
