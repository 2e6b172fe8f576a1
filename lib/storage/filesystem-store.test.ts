import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFilesystemBlobStore } from "./filesystem-store";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "luna-blobs-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const PDF = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");

describe("filesystem blob store", () => {
  it("stores under the key and streams the same bytes back with their size", async () => {
    const store = createFilesystemBlobStore({ root });
    await store.put({ key: "clinics/c1/patients/p1/lab_result/d1.pdf", body: PDF, contentType: "application/pdf" });
    expect(await readdir(path.join(root, "clinics/c1/patients/p1/lab_result"))).toEqual(["d1.pdf"]);
    const served = await store.serve({
      key: "clinics/c1/patients/p1/lab_result/d1.pdf",
      filename: "r.pdf",
      contentType: "application/pdf",
    });
    if (served.kind !== "stream") throw new Error("expected a stream");
    expect(served.size).toBe(PDF.byteLength);
    expect(new Uint8Array(await new Response(served.body).arrayBuffer())).toEqual(PDF);
  });

  it("refuses keys that would leave its folder", async () => {
    const store = createFilesystemBlobStore({ root });
    for (const bad of ["../x.pdf", "clinics/../../x.pdf", "/etc/passwd", ""]) {
      await expect(store.put({ key: bad, body: PDF, contentType: "application/pdf" })).rejects.toThrow();
      await expect(store.serve({ key: bad, filename: "x", contentType: "application/pdf" })).rejects.toThrow();
    }
  });
});
