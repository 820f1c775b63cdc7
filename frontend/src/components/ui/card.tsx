import { useId, type ReactNode } from "react";
import "./card.css";

export interface CardProps {
  title: string;
  /** Heading level of the title, to fit the page's outline. */
  headingLevel?: 2 | 3;
  actions?: ReactNode;
  children: ReactNode;
}

export function Card({ title, headingLevel = 2, actions, children }: CardProps) {
  const headingId = useId();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card__header">
        <Heading id={headingId} className="card__title">
          {title}
        </Heading>
        {actions ? <div className="card__actions">{actions}</div> : null}
      </div>
      <div className="card__body">{children}</div>
    </section>
  );
}
