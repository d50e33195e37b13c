/** An expected failure: a message a customer understands and the HTTP status to answer with. */
export class UserError extends Error {
  constructor(
    message: string,
    public readonly status: number = 400,
  ) {
    super(message);
    this.name = "UserError";
  }
}
