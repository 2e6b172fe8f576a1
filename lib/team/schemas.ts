import { z } from "zod";
import { staffRoleEnum } from "@/db/schema";

export const staffRoleSchema = z.enum(staffRoleEnum.enumValues);

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().max(200).pipe(z.email()),
  role: staffRoleSchema,
});

/** The same rule as a password change (lib/auth/schemas.ts): 10 to 200 characters. */
export const newPasswordSchema = z.string({ error: "tooShort" }).min(10, "tooShort").max(200, "tooLong");

export const acceptInvitationSchema = z.object({
  name: z.string({ error: "required" }).trim().min(1, "required").max(120, "tooLong"),
  password: newPasswordSchema,
});

export type AcceptInvitationField = "name" | "password";
