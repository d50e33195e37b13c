import { withScriptDatabase } from "./cli";
import { migrateDatabase } from "./migrate";

await withScriptDatabase(async (handle) => {
  await migrateDatabase(handle);
  console.log("Migrations applied.");
});
