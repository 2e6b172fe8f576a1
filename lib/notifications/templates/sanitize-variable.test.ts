import { describe, expect, it } from "vitest";
import { sanitizeVariable } from "./sanitize-variable";

describe("sanitizeVariable", () => {
  it.each([
    ["María", "María"],
    ["  María  ", "María"],
    ["María\nJosé", "María José"],
    ["María\r\n\r\nJosé", "María José"],
    ["Dr.\tGarcía", "Dr. García"],
    ["Clínica     Luna", "Clínica Luna"],
    ["10:00\u202fAM", "10:00 AM"],
    ["", "-"],
    ["   \n\t ", "-"],
    [null, "-"],
    [undefined, "-"],
  ])("%j → %j", (input, expected) => {
    expect(sanitizeVariable(input)).toBe(expected);
  });
});
