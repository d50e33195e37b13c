import { createServer } from "node:net";

/** The demo owner's sign-in (app/staff/accounts.server.ts), for specs and the bench that sign in. */
export const DEMO_OWNER = { email: "owner@painfreeme.example", password: "knee-reset-lantern-marathon" };

/** A port free on 127.0.0.1 right now, for a server of a test's or the bench's own. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
