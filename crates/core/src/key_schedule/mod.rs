//! TLS 1.3 and TLS 1.2 key schedules.
