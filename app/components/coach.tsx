import type { Photo } from "~/images/photo";
import { Picture } from "./picture";

/** An instructor as customers meet them: photo, name and short bio. */
export function CoachIntro({ coach, compact = false }: { coach: { name: string; bio: string; photo: Photo | null }; compact?: boolean }) {
  return (
    <div className={compact ? "coach coach--compact" : "coach"}>
      {coach.photo ? (
        <Picture photo={coach.photo} sizes={compact ? "4rem" : "6rem"} className="coach__photo" />
      ) : (
        <span className="coach__initials" aria-hidden="true">
          {initials(coach.name)}
        </span>
      )}
      <div>
        <p className="coach__name">{coach.name}</p>
        {coach.bio ? <p className="coach__bio">{coach.bio}</p> : null}
      </div>
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join("");
}
