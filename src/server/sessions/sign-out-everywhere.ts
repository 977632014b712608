import { db } from "../infra/db/client";
import { bumpSessionVersion } from "./session-version";

/** Signs the user out on every device and browser, this one included. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await db().$transaction((tx) => bumpSessionVersion(tx, userId));
}
