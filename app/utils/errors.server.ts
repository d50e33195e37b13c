/**
 * An expected failure: a message a person understands and the HTTP status to answer with.
 * Domain code and use cases throw it (or return it inside a result); a route turns it into its
 * answer, and the shared error boundary renders the message in the site's design.
 */
export class UserError extends Error {
  constructor(
    message: string,
    public readonly status: number = 400,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** The HTTP answer for an expected failure: its message as the body, for the error boundary. */
export function userErrorResponse(error: UserError): Response {
  return new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** For `.catch()` in a route: an expected failure becomes its answer; anything else stays a 500. */
export function rethrowAsResponse(error: unknown): never {
  if (error instanceof UserError) throw userErrorResponse(error);
  throw error;
}
