import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { PageTitle } from "@/components/page-title";

function describe(error: unknown): string {
  if (isRouteErrorResponse(error)) return `${error.status} ${error.statusText}`.trim();
  if (error instanceof Error) return error.message;
  return "An unexpected error occurred.";
}

/** Shown by the router when rendering a route throws. */
export function RouteError() {
  const error = useRouteError();
  return (
    <div className="page" role="alert">
      <PageTitle>Error</PageTitle>
      <h1>Something went wrong</h1>
      <p className="page__lead">{describe(error)}</p>
      <p>
        <Link to="/">Back to WinMessages</Link>
      </p>
    </div>
  );
}
