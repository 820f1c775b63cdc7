import { createBrowserRouter, type RouteObject } from "react-router";
import { RouteError } from "@/components/errors/route-error";
import { AppLayout } from "@/components/layouts/app-layout";
import { HomeRoute } from "./routes/home";
import { NotFoundRoute } from "./routes/not-found";

export const paths = {
  home: "/",
} as const;

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { path: paths.home, element: <HomeRoute /> },
      { path: "*", element: <NotFoundRoute /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
