import { Link } from "@remix-run/react";

export function ErrorPanel({ status, title, message }: { status: number; title: string; message: string }) {
  return (
    <div className="container narrow error-panel">
      <p className="eyebrow">Error {status}</p>
      <h1>{title}</h1>
      <p className="lead">{message}</p>
      <p className="button-row">
        <Link to="/" className="button button--primary">
          See what's on
        </Link>
        <Link to="/knee-pain-after-running" className="button button--quiet">
          Read the knee pain guide
        </Link>
      </p>
    </div>
  );
}
