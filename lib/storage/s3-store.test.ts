import { mkdtemp, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentStorageKey } from "./keys";
import { createS3BlobStore } from "./s3-store";
import { PRESIGNED_URL_SECONDS } from "./types";

/**
 * The real AWS SDK against s3rver on 127.0.0.1, with a recording proxy in between so the requests
 * themselves are checked at the HTTP boundary. s3rver does not verify signatures, but it does refuse a
 * presigned URL past its expiry.
 */
const BUCKET = "luna-test";
let directory: string;
let s3rver: S3rver;
let proxy: http.Server;
let endpoint: string;
const recorded: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];

beforeAll(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), "luna-s3rver-"));
  s3rver = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port: s3Port } = (await s3rver.run()) as AddressInfo;
  proxy = http.createServer((req, res) => {
    recorded.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    const upstream = http.request(
      { host: "127.0.0.1", port: s3Port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await s3rver.close();
  await rm(directory, { recursive: true, force: true });
});

const store = () =>
  createS3BlobStore({
    bucket: BUCKET,
    region: "us-east-1",
    endpoint,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const key = () => documentStorageKey({ clinicId: randomUUID(), patientId: randomUUID(), kind: "lab_result", documentId: randomUUID() });

describe("S3 blob store (s3rver)", () => {
  it("puts the object path-style under the clinic's prefix, with server-side encryption on the request", async () => {
    const k = key();
    recorded.length = 0;
    await store().put({ key: k, body: PDF, contentType: "application/pdf" });
    const put = recorded.find((r) => r.method === "PUT");
    expect(put?.url.split("?")[0]).toBe(`/${BUCKET}/${k}`);
    expect(put?.headers["x-amz-server-side-encryption"]).toBe("AES256");
    expect(put?.headers["content-type"]).toBe("application/pdf");
    // The header is signed, so a proxy cannot strip it without breaking the signature.
    expect(String(put?.headers.authorization)).toContain("x-amz-server-side-encryption");
  });

  it("serves through a fresh presigned URL that lives a minute and returns the PDF inline", async () => {
    const k = key();
    const s = store();
    await s.put({ key: k, body: PDF, contentType: "application/pdf" });
    const served = await s.serve({ key: k, filename: "resultados.pdf", contentType: "application/pdf" });
    if (served.kind !== "redirect") throw new Error("expected a redirect");
    const url = new URL(served.url);
    expect(url.searchParams.get("X-Amz-Expires")).toBe(String(PRESIGNED_URL_SECONDS));
    expect(url.pathname).toBe(`/${BUCKET}/${k}`);
    const response = await fetch(served.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe('inline; filename="resultados.pdf"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
  });

  it("a presigned URL past its minute is refused by the server", async () => {
    const k = key();
    const s = store();
    await s.put({ key: k, body: PDF, contentType: "application/pdf" });
    const signedTwoMinutesAgo = await s.serve({
      key: k,
      filename: "r.pdf",
      contentType: "application/pdf",
      now: new Date(Date.now() - 120_000),
    });
    if (signedTwoMinutesAgo.kind !== "redirect") throw new Error("expected a redirect");
    const response = await fetch(signedTwoMinutesAgo.url);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("expired");
  });

  it("deletes, and refuses keys Luna would never build", async () => {
    const k = key();
    const s = store();
    await s.put({ key: k, body: PDF, contentType: "application/pdf" });
    await s.delete(k);
    const served = await s.serve({ key: k, filename: "r.pdf", contentType: "application/pdf" });
    if (served.kind !== "redirect") throw new Error("expected a redirect");
    expect((await fetch(served.url)).status).toBe(404);
    for (const bad of ["../secret.pdf", "/abs/x.pdf", "clinics/../../x.pdf", "a b.pdf"]) {
      await expect(s.put({ key: bad, body: PDF, contentType: "application/pdf" })).rejects.toThrow(/unsafe key/);
    }
  });
});
