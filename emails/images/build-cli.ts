import path from "node:path";
import { writeKneePngs } from "./knee-pngs";

/** `npm run build`'s first step: the email's knee pictures into public/email/. */
const folder = path.resolve(import.meta.dirname, "../../public/email");
const images = await writeKneePngs(folder);
console.log(`Email images: ${images.map((image) => `${image.file} (${image.width}×${image.height})`).join(", ")} in public/email/`);
