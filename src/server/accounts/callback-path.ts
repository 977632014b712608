import { z } from "zod";

/** Where to land after confirming: a path on this site (the pages already pass it through `safeCallbackUrl`). */
export const callbackPathSchema = z
  .string()
  .max(500)
  .regex(/^\/(?!\/)[^\s\\]*$/, "must be a path on this site");
