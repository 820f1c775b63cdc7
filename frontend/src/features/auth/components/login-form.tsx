import { useEffect, useState, type SubmitEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { ApiError, fieldErrors } from "@/lib/api-client";
import { useLogin } from "@/lib/auth/actions";
import { formatDuration } from "@/lib/format";
import { loginErrorMessage } from "../utils/login-error";
import "./login-form.css";

export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<Record<string, string>>({});
  /** Seconds until the server accepts another attempt (after a 429). */
  const [lockedFor, setLockedFor] = useState(0);

  const error = login.error;
  const fields = { ...fieldErrors(error), ...missing };
  const locked = lockedFor > 0;

  useEffect(() => {
    if (!locked) return;
    const timer = setInterval(() => {
      setLockedFor((seconds) => Math.max(0, seconds - 1));
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [locked]);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty: Record<string, string> = {};
    if (email.trim() === "") empty.email = "Enter your email address.";
    if (password === "") empty.password = "Enter your password.";
    setMissing(empty);
    if (Object.keys(empty).length > 0) return;
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: onSignedIn,
        onError: (failure) => {
          if (failure instanceof ApiError && failure.status === 429 && failure.retryAfter !== null) {
            setLockedFor(failure.retryAfter);
          }
        },
      },
    );
  };

  return (
    <form className="form login-form" onSubmit={submit} noValidate aria-label="Sign in">
      {error ? (
        <p role="alert" className="form-error">
          {locked ? `Too many attempts. Try again in ${formatDuration(lockedFor * 1000)}.` : loginErrorMessage(error)}
        </p>
      ) : null}
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        error={fields.email}
        onChange={(event) => {
          setEmail(event.target.value);
        }}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        error={fields.password}
        onChange={(event) => {
          setPassword(event.target.value);
        }}
      />
      <Button type="submit" variant="primary" disabled={login.isPending || locked}>
        {login.isPending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
