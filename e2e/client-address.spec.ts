import { request as httpRequest } from "node:http";
import { expect, test } from "./fixtures";

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
  for (let i = 0; i < 41; i++) {
    statuses.push(
      await get(`/l/AAAAAAAAAAAAAAAAAAAA${String(i).padStart(2, "0")}`, {
        from: guesser,
        headers: { "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `198.51.100.${i}` },
      }),
    );
  }
  expect(statuses.slice(0, 40).every((s) => s === 404)).toBe(true);
  expect(statuses[40]).toBe(429);
  // Another client is not affected, even one that claims to be the guesser.
  expect(await get("/l/AAAAAAAAAAAAAAAAAAAAAA", { from: "127.0.0.1", headers: { "x-forwarded-for": guesser } })).toBe(404);
});
