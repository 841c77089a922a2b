//! When to try a failed transaction again: exponential backoff with jitter, bounded by the
//! total time spent (`maxTransactionRetryTime`). Sans-IO: the caller passes the elapsed time
//! and a random number, so schedules are tested exactly.

use std::time::Duration;

/// The retry schedule of managed transactions (`executeRead`/`executeWrite`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// No new attempt starts after this much time since the first (`maxTransactionRetryTime`,
    /// default 30 s).
    pub max_retry_time: Duration,
    /// Delay before the first retry (1 s).
    pub initial_delay: Duration,
    /// Each delay is this many times the one before (2).
    pub multiplier: f64,
    /// Each delay varies randomly by up to this fraction either way (0.2), so that clients
    /// that failed together do not retry together.
    pub jitter: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retry_time: Duration::from_secs(30),
            initial_delay: Duration::from_secs(1),
            multiplier: 2.0,
            jitter: 0.2,
        }
    }
}

impl RetryPolicy {
    /// The delay before retry number `retry` (0 for the first), with `random` in `[0, 1)`
    /// choosing the point within the jitter band; `None` when `elapsed` since the first
    /// attempt has reached the limit.
    pub fn next_delay(&self, retry: u32, elapsed: Duration, random: f64) -> Option<Duration> {
        if elapsed >= self.max_retry_time {
            return None;
        }
        let exponent = i32::try_from(retry).unwrap_or(i32::MAX);
        let base = self.initial_delay.as_secs_f64() * self.multiplier.powi(exponent);
        let factor = 1.0 - self.jitter + 2.0 * self.jitter * random.clamp(0.0, 1.0);
        // A day bounds the delay even for absurd settings; the time limit ends retries first.
        // NaN stays NaN through `clamp` and becomes 0 through `as`. Whole nanoseconds, not
        // `Duration::from_secs_f64`, whose exact conversion is much more code.
        let secs = (base * factor).clamp(0.0, 86_400.0);
        Some(Duration::from_nanos((secs * 1e9) as u64))
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn delays_double_from_one_second_within_twenty_percent() {
        let p = RetryPolicy::default();
        let at = |retry, random| {
            p.next_delay(retry, Duration::ZERO, random)
                .unwrap()
                .as_secs_f64()
        };
        assert_eq!(at(0, 0.5), 1.0);
        assert_eq!(at(1, 0.5), 2.0);
        assert_eq!(at(2, 0.5), 4.0);
        assert!((at(0, 0.0) - 0.8).abs() < 1e-9);
        assert!((at(3, 1.0) - 9.6).abs() < 1e-9);
    }

    #[test]
    fn no_retry_once_the_time_limit_is_reached() {
        let p = RetryPolicy {
            max_retry_time: Duration::from_secs(5),
            ..RetryPolicy::default()
        };
        assert!(p.next_delay(2, Duration::from_millis(4999), 0.5).is_some());
        assert_eq!(p.next_delay(2, Duration::from_secs(5), 0.5), None);
        assert_eq!(
            RetryPolicy {
                max_retry_time: Duration::ZERO,
                ..p
            }
            .next_delay(0, Duration::ZERO, 0.5),
            None
        );
    }

    #[test]
    fn absurd_settings_do_not_overflow() {
        let p = RetryPolicy {
            multiplier: 1e300,
            ..RetryPolicy::default()
        };
        assert_eq!(
            p.next_delay(u32::MAX, Duration::ZERO, 2.0),
            Some(Duration::from_secs(86_400))
        );
        let p = RetryPolicy {
            initial_delay: Duration::ZERO,
            multiplier: f64::INFINITY,
            ..p
        };
        assert_eq!(p.next_delay(9, Duration::ZERO, 0.5), Some(Duration::ZERO));
    }
}
