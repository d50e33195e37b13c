/**
 * Staff accounts from the command line (the only way in before the first owner exists):
 *   npm run staff:add -- --email you@example.com --name "Your Name" --role owner [--password-stdin]
 *   npm run staff:password -- --email you@example.com [--password-stdin]
 *   npm run staff:remove-demo
 * The password is asked for at a hidden prompt, read from standard input with --password-stdin,
 * or (with neither a terminal nor --password-stdin) generated and printed once.
 */
import { randomBytes } from "node:crypto";
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { read } from "read";
import { withScriptDatabase } from "../../db/cli";
import { migrateDatabase } from "../../db/migrate";
import { STAFF_ROLES, type StaffRole } from "../../db/schema";
import { UserError } from "../utils/errors.server";
import { createStaffUser, removeDemoAccounts, resetStaffPassword } from "./accounts.server";
import { COMMAND_LINE } from "./audit.server";

const command = process.argv[2];
const { values } = parseArgs({
  args: process.argv.slice(3),
  options: {
    email: { type: "string" },
    name: { type: "string" },
    role: { type: "string", default: "staff" },
    "password-stdin": { type: "boolean", default: false },
  },
  strict: true,
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

/** The new password: from stdin, a hidden prompt (asked twice), or generated and shown once. */
async function newPassword(): Promise<{ password: string; generated: boolean }> {
  if (values["password-stdin"]) return { password: (await text(process.stdin)).replace(/\r?\n$/, ""), generated: false };
  if (process.stdin.isTTY) {
    const password = await read({ prompt: "New password (at least 12 characters, a few unrelated words work well): ", silent: true, replace: "•" });
    const again = await read({ prompt: "The same again: ", silent: true, replace: "•" });
    if (password !== again) fail("The two passwords were different. Nothing was changed.");
    return { password, generated: false };
  }
  return { password: randomBytes(18).toString("base64url"), generated: true };
}

await withScriptDatabase(async (handle) => {
  await migrateDatabase(handle);
  const now = new Date();
  try {
    switch (command) {
      case "add": {
        if (!values.email || !values.name) fail('Usage: npm run staff:add -- --email you@example.com --name "Your Name" [--role owner|staff] [--password-stdin]');
        if (!STAFF_ROLES.includes(values.role as StaffRole)) fail(`--role must be one of: ${STAFF_ROLES.join(", ")}.`);
        const { password, generated } = await newPassword();
        const user = await createStaffUser(handle.db, {
          email: values.email!,
          name: values.name!,
          role: values.role as StaffRole,
          password,
          actor: COMMAND_LINE,
          now,
        });
        console.log(`Created ${user.role} account for ${user.name} <${user.email}>.`);
        if (generated) console.log(`Their password (shown this once, write it down): ${password}`);
        break;
      }
      case "password": {
        if (!values.email) fail("Usage: npm run staff:password -- --email you@example.com [--password-stdin]");
        const { password, generated } = await newPassword();
        const { user, sessionsEnded } = await resetStaffPassword(handle.db, { email: values.email!, password, actor: COMMAND_LINE, now });
        console.log(`New password set for ${user.email}; ${sessionsEnded} signed-in session(s) ended.`);
        if (generated) console.log(`Their password (shown this once, write it down): ${password}`);
        break;
      }
      case "remove-demo": {
        const removed = await removeDemoAccounts(handle.db, { actor: COMMAND_LINE, now });
        console.log(removed > 0 ? `Disabled ${removed} demo account(s).` : "There is no enabled demo account.");
        break;
      }
      default:
        fail("Commands: staff:add, staff:password, staff:remove-demo (see the README).");
    }
  } catch (error) {
    if (error instanceof UserError) fail(error.message);
    throw error;
  }
});
