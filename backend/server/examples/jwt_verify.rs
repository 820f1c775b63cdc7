//! Measures access-token verification alone (the per-request cost of authentication with a
//! JWT), for `make bench`.

use std::time::Instant;
use winmessages::auth::Role;
use winmessages::auth::jwt::{AccessToken, JwtKeys};
use winmessages::ids::{OrgId, UserId};

fn main() {
    let keys = JwtKeys::new(b"bench-secret-bench-secret-bench-secret");
    let now = chrono::Utc::now();
    let token = match keys.issue(
        AccessToken {
            user: UserId(42),
            org: Some(OrgId(7)),
            role: Role::Agent,
        },
        now,
    ) {
        Ok((t, _)) => t,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let rounds = 200_000u32;
    let start = Instant::now();
    let mut ok = 0u32;
    for _ in 0..rounds {
        if keys.verify(std::hint::black_box(&token), now).is_ok() {
            ok += 1;
        }
    }
    let elapsed = start.elapsed();
    assert_eq!(ok, rounds);
    let per = elapsed / rounds;
    println!(
        "JWT verify: {:.2} µs per token, {:.0} verifications/s on one core",
        per.as_secs_f64() * 1e6,
        f64::from(rounds) / elapsed.as_secs_f64()
    );
}
