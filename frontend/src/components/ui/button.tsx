import type { ComponentPropsWithRef } from "react";
import "./button.css";

export type ButtonVariant = "primary" | "secondary";

export interface ButtonProps extends ComponentPropsWithRef<"button"> {
  variant?: ButtonVariant;
}

export function Button({ variant = "secondary", className, type = "button", ...props }: ButtonProps) {
  const classes = ["button", `button--${variant}`, className].filter(Boolean).join(" ");
  return <button type={type} className={classes} {...props} />;
}
