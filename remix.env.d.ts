/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    cspNonce: string;
    /** The client's address as TRUST_PROXY resolves it (Express's req.ip). */
    clientIp: string;
    /** This request's id, as logged and echoed in X-Request-Id. */
    requestId: string;
  }
}
