import { z } from 'zod';

/** What a user may do; a reviewer's stage is given by the groups they belong to. */
export const roles = ['author', 'reviewer', 'handler', 'officeHead', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface User {
  id: string;
  name: string;
  email: string;
  section: string | null;
  roles: Role[];
  groups: string[];
  active: boolean;
}

const id = z.string().regex(/^[a-z][a-z0-9._-]{1,40}$/, 'lowercase letters, digits, . _ - (2-41 chars), starting with a letter');

/** The file `gongkai users import FILE` reads: the organisation's users and groups. */
export const organisationFile = z.object({
  groups: z.array(z.object({ id, name: z.string().min(1) })),
  users: z.array(
    z.object({
      id,
      name: z.string().min(1),
      email: z.email(),
      section: z.string().min(1).optional(),
      roles: z.array(z.enum(roles)).min(1),
      groups: z.array(id).default([]),
      password: z.string().min(8).optional(),
      active: z.boolean().default(true),
    }),
  ),
}).superRefine((org, ctx) => {
  const groupIds = new Set(org.groups.map((g) => g.id));
  const seen = new Set<string>();
  org.users.forEach((u, i) => {
    if (seen.has(u.id)) ctx.addIssue({ code: 'custom', path: ['users', i, 'id'], message: `用户编号 ${u.id} 重复` });
    seen.add(u.id);
    u.groups.forEach((g, j) => {
      if (!groupIds.has(g)) ctx.addIssue({ code: 'custom', path: ['users', i, 'groups', j], message: `没有编号为 ${g} 的分组` });
    });
  });
});
export type OrganisationFile = z.infer<typeof organisationFile>;
