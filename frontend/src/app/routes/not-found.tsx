import { Link, useLocation } from "react-router";
import { paths } from "@/config/paths";

export function NotFoundRoute() {
  const { pathname } = useLocation();
  return (
    <div className="page">
      <title>Page not found · WinMessages</title>
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
