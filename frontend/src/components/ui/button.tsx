import type { ComponentPropsWithRef } from "react";
import "./button.css";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

export interface ButtonProps extends ComponentPropsWithRef<"button"> {
  variant?: ButtonVariant;
  size?: "normal" | "small";
}

export function Button({ variant = "secondary", size = "normal", className, type = "button", ...props }: ButtonProps) {
  const classes = ["button", `button--${variant}`, size === "small" ? "button--small" : null, className]
    .filter(Boolean)
    .join(" ");
  return <button type={type} className={classes} {...props} />;
}
