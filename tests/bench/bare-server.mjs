// The benchmark's baseline: the least a Node HTTP server can do, in a process of its own.
import { createServer } from "node:http";

const port = Number(process.env.PORT);
createServer((_request, response) => response.end("hello")).listen(port, "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
