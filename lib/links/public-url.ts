import { getEnv } from "@/lib/env";

/**
 * The base of every URL Luna puts in a patient message: PUBLIC_BASE_URL, else (development and tests
 * only) the local server. In production a link to localhost would reach nobody, so it is an error.
 */
export function publicBaseUrl(): string {
  const env = getEnv();
  if (env.PUBLIC_BASE_URL) return env.PUBLIC_BASE_URL.replace(/\/+$/, "");
  if (env.NODE_ENV === "production") {
    throw new Error("PUBLIC_BASE_URL is required in production: patient links are built on it");
  }
  return `http://localhost:${process.env.PORT ?? "3000"}`;
}
