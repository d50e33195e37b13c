import { withScriptDatabase } from "./cli";
import { migrateDatabase } from "./migrate";
import { topUpDemoData } from "./seed";

await withScriptDatabase(async (handle, env) => {
  await migrateDatabase(handle);
  const { slotsAdded } = await topUpDemoData(handle.db, {
    now: new Date(),
    timeZone: env.studio.timeZone,
    currency: env.studio.currency,
    location: env.studio.address,
  });
  console.log(`Demo data topped up: ${slotsAdded} new slot(s) over the next six weeks.`);
});
