/** The database schema, one module per area; drizzle-kit reads this folder. */
export * from "./bookings";
export * from "./catalog";
export * from "./images";
export * from "./mail";
export * from "./payments";
export * from "./platform";
export * from "./staff";
