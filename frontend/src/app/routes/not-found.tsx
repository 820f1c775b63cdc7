import { Link, useLocation } from "react-router";
import { PageTitle } from "@/components/page-title";
import { paths } from "@/config/paths";

export function NotFoundRoute() {
  const { pathname } = useLocation();
  return (
    <div className="page">
      <PageTitle>Page not found</PageTitle>
      <div>
        <h1>Page not found</h1>
        <p className="page__lead">
          There is no page at <code>{pathname}</code>.
        </p>
      </div>
      <p>
        <Link to={paths.home}>Back to WinMessages</Link>
      </p>
    </div>
  );
}
