import { describe, expect, it } from "vitest";
import { buildMapsLink } from "./maps-link";

describe("buildMapsLink", () => {
  it("builds Google Maps' search URL with the address encoded as one query", () => {
    const link = buildMapsLink("Av. Insurgentes Sur 1234, Col. Del Valle, 03100 Ciudad de México, CDMX");
    expect(link).toBe(
      "https://www.google.com/maps/search/?api=1&query=Av.+Insurgentes+Sur+1234%2C+Col.+Del+Valle%2C+03100+Ciudad+de+M%C3%A9xico%2C+CDMX",
    );
    const url = new URL(link!);
    expect(url.searchParams.get("query")).toBe("Av. Insurgentes Sur 1234, Col. Del Valle, 03100 Ciudad de México, CDMX");
  });

  it("keeps characters that mean something in a URL inside the query (#, &, /)", () => {
    const url = new URL(buildMapsLink("Calle 5 #12 & 14, Int. 3/B")!);
    expect(url.hash).toBe("");
    expect([...url.searchParams.keys()]).toEqual(["api", "query"]);
    expect(url.searchParams.get("query")).toBe("Calle 5 #12 & 14, Int. 3/B");
  });

  it("folds line breaks and spaces, and gives no link without an address", () => {
    expect(new URL(buildMapsLink("  Av. Reforma 10\n  Col. Centro ")!).searchParams.get("query")).toBe("Av. Reforma 10 Col. Centro");
    expect(buildMapsLink("   ")).toBeNull();
    expect(buildMapsLink(null)).toBeNull();
    expect(buildMapsLink(undefined)).toBeNull();
  });
});
