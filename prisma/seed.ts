import { seedDemoWorkspace } from "../src/server/demo/seed-demo-workspace";
import { disconnectDb } from "../src/server/db/client";

// `npx prisma db seed` (or `npm run db:seed`): the demo workspace, idempotently.
const result = await seedDemoWorkspace();
process.stdout.write(`${result.created ? "Seeded" : "Already seeded:"} demo workspace (${result.users.map((u) => u.email).join(", ")})\n`);
await disconnectDb();
