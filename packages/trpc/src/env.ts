import { z } from 'zod';

/**
 * Validates process.env against a service's schema at start. A missing or malformed variable
 * stops the process with a message naming it, instead of failing later in some request.
 */
export function loadEnv<T extends z.ZodType>(service: string, schema: T, source: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
  process.stderr.write(`[${service}] cannot start, environment is incomplete:\n${problems}\n`);
  process.exit(1);
}

export const commonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  INTERNAL_JWT_SECRET: z.string().min(32),
};
