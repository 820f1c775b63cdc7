//! Login attempts limited per account and per client IP (governor, in memory per replica:
//! with N replicas an attacker gets at most N times the budget).

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

pub struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<String>,
    clock: DefaultClock,
}

impl LoginLimiter {
    pub fn new(per_account_per_minute: u32, per_ip_per_minute: u32) -> Self {
        let quota = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            per_account: RateLimiter::keyed(quota(per_account_per_minute)),
            per_ip: RateLimiter::keyed(quota(per_ip_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt; `Err(seconds)` tells how long to wait when a budget is spent.
    pub fn attempt(&self, account: &str, ip: &str) -> Result<(), u64> {
        let now = self.clock.now();
        let wait = |e: governor::NotUntil<_>| e.wait_time_from(now).as_secs().max(1);
        self.per_ip.check_key(&ip.to_owned()).map_err(wait)?;
        self.per_account
            .check_key(&account.to_owned())
            .map_err(wait)?;
        // Forget idle keys now and then so the maps stay small.
        if self.per_ip.len() > 10_000 {
            self.per_ip.retain_recent();
            self.per_account.retain_recent();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_and_ip_budgets() {
        let l = LoginLimiter::new(2, 3);
        assert!(l.attempt("a", "1.1.1.1").is_ok());
        assert!(l.attempt("a", "1.1.1.1").is_ok());
        let wait = l.attempt("a", "2.2.2.2").unwrap_err();
        assert!((1..=60).contains(&wait));
        // Another account from the first IP still has IP budget left (one), then not.
        assert!(l.attempt("b", "1.1.1.1").is_ok());
        assert!(l.attempt("c", "1.1.1.1").is_err());
    }
}
