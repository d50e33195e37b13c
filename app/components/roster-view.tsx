import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { plural } from "../../emails/format/words";


/*
 * The roster's small interactive pieces: the attendance buttons of one booking, and "Print".
 * Both work as well as they can without JavaScript: the buttons post a form (the answer is the
 * page again, scrolled to the booking), and Print only appears once it can work.
 */

/** What the roster's action answers: conform's reply, for the booking it was about. */
export type AttendanceAnswer = {
  bookingId: string | null;
  result: { status?: "success" | "error"; error?: Record<string, string[] | null> };
};

type Person = { bookingId: string; name: string; attendance: "attended" | "no_show" | null; markedAt: string | null };

export function AttendanceControl({
  person,
  words,
  open,
  action,
  answer,
}: {
  person: Person;
  words: Record<"attended" | "no_show", string>;
  /** The session has started: marks may be set. */
  open: boolean;
  /** Where the form posts: the roster, with this booking's anchor for the page that comes back. */
  action: string;
  /** The page's own action answer (a submission without JavaScript), when it was about this booking. */
  answer?: AttendanceAnswer;
}) {
  const fetcher = useFetcher<AttendanceAnswer>({ key: `attendance-${person.bookingId}` });
  const sending = fetcher.formData?.get("attendance");
  // While a mark is on its way, show it; the answer (or the reloaded roster) confirms it.
  const shown = typeof sending === "string" ? (sending === "clear" ? null : (sending as Person["attendance"])) : person.attendance;
  const latest = fetcher.state === "idle" && fetcher.data ? fetcher.data : answer;
  const problems = latest?.result.status === "error" ? Object.values(latest.result.error ?? {}).flat().filter((message): message is string => Boolean(message)) : [];
  const errorId = `attendance-error-${person.bookingId}`;

  return (
    <div className="attendance">
      <p className={`attendance__mark attendance__mark--${shown ?? "none"}`}>
        {shown ? words[shown] : "Not marked"}
        {shown && person.markedAt && shown === person.attendance ? <span className="attendance__when"> · {person.markedAt}</span> : null}
      </p>
      {open ? (
        <fetcher.Form method="post" action={action} className="attendance__form" aria-describedby={problems.length > 0 ? errorId : undefined}>
          <input type="hidden" name="bookingId" value={person.bookingId} />
          <button type="submit" name="attendance" value="attended" className="mark-button mark-button--attended" aria-pressed={shown === "attended"}>
            Attended<span className="visually-hidden">: {person.name}</span>
          </button>
          <button type="submit" name="attendance" value="no_show" className="mark-button mark-button--no-show" aria-pressed={shown === "no_show"}>
            No-show<span className="visually-hidden">: {person.name}</span>
          </button>
          {shown ? (
            <button type="submit" name="attendance" value="clear" className="mark-button mark-button--clear">
              Clear<span className="visually-hidden"> the mark for {person.name}</span>
            </button>
          ) : null}
        </fetcher.Form>
      ) : null}
      {problems.length > 0 ? (
        <p className="field-error" id={errorId} role="alert">
          {problems.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** "Print": shown once the page's script runs (without it the browser's own print still works). */
export function PrintButton() {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" className="button button--primary button--small" onClick={() => window.print()}>
      Print<span className="visually-hidden"> this roster</span>
    </button>
  );
}

/** What the roster asks of staff about attendance: not yet, as people arrive, the marks still missing, or all done. */
export function AttendanceNotice({
  date,
  marks,
  people,
}: {
  date: { cancelled: boolean; started: boolean; over: boolean; startTime: string; day: string };
  marks: { unmarked: number; attended: number; noShow: number };
  people: number;
}) {
  if (date.cancelled || people === 0) return null;
  if (!date.started) {
    return (
      <p className="notice-line">
        Attendance opens when the session starts, at {date.startTime} on {date.day}.
      </p>
    );
  }
  if (!date.over) return <p className="notice-line">The session is on: mark people as they arrive.</p>;
  if (marks.unmarked > 0) {
    return (
      <p className="notice-line notice-line--warn" role="status">
        This date has ended: please mark who came. {plural(marks.unmarked, "booking")} not marked yet.
      </p>
    );
  }
  return (
    <p className="notice-line" role="status">
      Everyone is marked: {marks.attended} attended, {plural(marks.noShow, "no-show")}.
    </p>
  );
}
