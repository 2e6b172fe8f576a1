import { request as httpRequest } from "node:http";
import { expect, test } from "./fixtures";
import { E2E_LINK_BUDGET } from "./limits";

const PORT = Number(process.env.E2E_PORT ?? 3100);

/** A GET from a chosen loopback source address (127.0.0.0/8 is all local), with made-up forwarding headers. */
function get(path: string, params: { from: string; headers?: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: PORT, path, localAddress: params.from, headers: params.headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

test("the patient-link limit counts the socket's address under next start: made-up X-Forwarded-For values change nothing", async () => {
  // A client of its own (not 127.0.0.1, which the rest of the suite uses), guessing tokens with a new
  // X-Forwarded-For on every request.
  const guesser = `127.0.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 200) + 20}`;
  const statuses: number[] = [];
  // The server's budget (PATIENT_LINK_REQUESTS_PER_10_MIN, e2e/limits.ts): all of it, then one more.
  for (let i = 0; i <= E2E_LINK_BUDGET; i++) {
    statuses.push(
      await get(`/l/AAAAAAAAAAAAAAAAAAA${String(i).padStart(3, "0")}`, {
        from: guesser,
        headers: { "x-forwarded-for": `203.0.113.${i % 256}`, "x-real-ip": `198.51.100.${i % 256}` },
      }),
    );
  }
  expect(statuses.slice(0, E2E_LINK_BUDGET).every((s) => s === 404)).toBe(true);
  expect(statuses[E2E_LINK_BUDGET]).toBe(429);
  // Another client is not affected, even one that claims to be the guesser.
  expect(await get("/l/AAAAAAAAAAAAAAAAAAAAAA", { from: "127.0.0.1", headers: { "x-forwarded-for": guesser } })).toBe(404);
});
