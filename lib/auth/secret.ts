import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

/**
 * AUTH_SECRET from the environment; in development one is generated once into .data/ so that
 * `npm run dev` needs no configuration. Production refuses to start without it.
 */
export function resolveAuthSecret(): string {
  const env = getEnv();
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production") {
    throw new Error("AUTH_SECRET is required in production (generate one with `openssl rand -base64 32`).");
  }
  const file = path.resolve(".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
