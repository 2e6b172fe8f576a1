import { z } from "zod";

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(200),
});

/** Change one's own password: the current one, and a new one of 10 to 200 characters that differs from it. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "required" }).min(1, "required").max(200, "required"),
    newPassword: z.string({ error: "required" }).min(10, "tooShort").max(200, "tooLong"),
  })
  .refine((value) => value.newPassword !== value.currentPassword, { path: ["newPassword"], message: "sameAsCurrent" });

export type ChangePasswordField = "currentPassword" | "newPassword";
