import { Link, Outlet } from "react-router";
import "./app-layout.css";

export function AppLayout() {
  return (
    <div className="app-layout">
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <header className="app-layout__header">
        <Link to="/" className="app-layout__brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>WinMessages</span>
        </Link>
      </header>
      <main id="main-content" className="app-layout__main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
