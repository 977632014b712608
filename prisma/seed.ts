import { seedDemoWorkspace } from "../src/server/demo/seed-demo-workspace";
import { dbPool, disconnectDb } from "../src/server/infra/db/client";
import { assertAppRole } from "../src/server/infra/db/assert-app-role";

// `npx prisma db seed` (or `npm run db:seed`): the demo workspace, idempotently, as the app role.
await assertAppRole(dbPool());
const result = await seedDemoWorkspace();
process.stdout.write(`${result.created ? "Seeded" : "Already seeded:"} demo workspace (${result.users.map((u) => u.email).join(", ")})\n`);
await disconnectDb();
