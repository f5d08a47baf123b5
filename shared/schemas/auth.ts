import { z } from 'zod';
import { idSchema } from './common.ts';

export const roleSchema = z.enum(['admin', 'agent']);
export type Role = z.infer<typeof roleSchema>;

export const emailSchema = z
  .string()
  .trim()
  .min(3, 'Enter an email address')
  .max(254, 'Email is too long')
  .pipe(z.email('Enter a valid email address'))
  .transform((email) => email.toLowerCase());

export const loginInput = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password').max(512, 'Password is too long'),
});
export type LoginInput = z.input<typeof loginInput>;

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  role: roleSchema,
});
export type User = z.infer<typeof userSchema>;

export const loginOutput = z.object({ user: userSchema, csrfToken: z.string() });
export type LoginOutput = z.infer<typeof loginOutput>;

/** Who is calling: a signed-in user (with the CSRF token of this session) or an API key. */
export const meOutput = z.object({
  user: userSchema.nullable(),
  apiKey: z.object({ id: idSchema, name: z.string() }).nullable(),
  role: roleSchema,
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meOutput>;
