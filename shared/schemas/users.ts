import { z } from 'zod';
import { emailSchema, roleSchema, userSchema } from './auth.ts';
import { isoDateTime } from './common.ts';

export const PASSWORD_MIN_LENGTH = 12;

export const createUserInput = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, 'Enter a name').max(120, 'Name is too long'),
  role: roleSchema,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(512, 'Password is too long'),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const userListItem = userSchema.extend({ createdAt: isoDateTime });
export type UserListItem = z.infer<typeof userListItem>;
