import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { AppProvider } from "@/app/provider";
import { routes } from "@/app/router";
import { startSession } from "@/lib/auth/session-store";
import type { User } from "@/types/api";
import { aTokenResponse, aUser } from "./fixtures";

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, gcTime: Infinity },
    },
  });
}

/** Starts a session in memory, as a successful login would. */
export function signIn(user: User = aUser(), token = "access-1"): User {
  startSession(aTokenResponse(user, token));
  return user;
}

/** Renders the whole app (providers and routes) at `path`, with an in-memory history. */
export function renderApp(path = "/") {
  const queryClient = createTestQueryClient();
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const user = userEvent.setup();
  const result = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...result, user, router, queryClient };
}
