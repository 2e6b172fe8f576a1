import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { authenticateStaff } from "./authenticate-staff";
import { resolveAuthSecret } from "./secret";
import { clientKeyOf } from "@/lib/security/client-address";
import { log } from "@/lib/log";

declare module "next-auth" {
  interface User {
    /** The raw token of the staff_sessions row opened by this sign-in (lib/auth/staff-sessions.ts). */
    sessionToken?: string;
  }
  interface Session {
    sessionToken?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    sessionToken?: string;
  }
}

/**
 * Auth.js v5: staff sign in with email + password (argon2). Sessions are encrypted JWTs that carry the
 * user id and the token of a server-side session row; on every request lib/auth/context.ts reads the
 * clinic and role from the database and checks that row (ended at sign-out, by an admin, by a password
 * change, or after 12 h idle). The JWT alone opens nothing.
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
      authorize: async (credentials, request) =>
        authenticateStaff(await getDb(), credentials, {
          clientKey: clientKeyOf(request.headers),
          userAgent: request.headers.get("user-agent"),
        }),
    }),
  ],
  callbacks: {
    // `user` is there only right after sign-in: the token of the session row goes into the JWT then.
    jwt({ token, user }) {
      if (user?.sessionToken) token.sessionToken = user.sessionToken;
      return token;
    },
    // Server code reads the token from here (lib/auth/session.ts); app/api/auth/[...nextauth] strips it
    // from the JSON that GET /api/auth/session would show a script.
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return Object.assign(session, { sessionToken: token.sessionToken });
    },
  },
}));
