import { describe, expect, it } from "vitest";
import { generateVideoRoomUrl } from "./video-room";

const fixed = (n: number) => Buffer.alloc(n, 0);

describe("generateVideoRoomUrl", () => {
  it("puts a random room under the clinic's base URL", () => {
    expect(generateVideoRoomUrl("https://meet.jit.si/clinica-sol/", fixed)).toBe("https://meet.jit.si/clinica-sol/luna-aaaaaaaaaaaa");
    expect(generateVideoRoomUrl("https://video.example.mx", fixed)).toBe("https://video.example.mx/luna-aaaaaaaaaaaa");
  });

  it("gives a different room each time", () => {
    const a = generateVideoRoomUrl("https://meet.jit.si/sol");
    const b = generateVideoRoomUrl("https://meet.jit.si/sol");
    expect(a).toMatch(/^https:\/\/meet\.jit\.si\/sol\/luna-[a-z2-9]{12}$/);
    expect(a).not.toBe(b);
  });

  it("drops a query or fragment of the base", () => {
    expect(generateVideoRoomUrl("https://video.example.mx/rooms?x=1#y", fixed)).toBe("https://video.example.mx/rooms/luna-aaaaaaaaaaaa");
  });

  it("refuses a missing, malformed or non-https base", () => {
    expect(generateVideoRoomUrl(null)).toBeNull();
    expect(generateVideoRoomUrl("")).toBeNull();
    expect(generateVideoRoomUrl("not a url")).toBeNull();
    expect(generateVideoRoomUrl("http://meet.example.mx/room")).toBeNull();
  });
});
