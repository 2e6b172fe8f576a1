import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { authenticateStaff } from "./authenticate-staff";
import { resolveAuthSecret } from "./secret";
import { clientKeyOf } from "@/lib/security/client-address";
import { log } from "@/lib/log";

/**
 * Auth.js v5: staff sign in with email + password (argon2). Sessions are encrypted JWTs that carry
 * only the user id; the clinic and role are read from the database on every request (lib/auth/context).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: resolveAuthSecret(),
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/es/sign-in" },
  logger: {
    // A wrong password is an expected outcome (answered with a localized message), not a server error.
    error(error: Error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      log.error({ event: "auth.error", name: error.name }, `[auth] ${error.name}: ${error.message}`);
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials, request) => authenticateStaff(await getDb(), credentials, { clientKey: clientKeyOf(request.headers) }),
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
