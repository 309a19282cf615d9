//! N handshakes of one scenario, ferrotls on one provider, and nothing else: a driver for
//! instruction-level profiles, which the bench's interleaved timing runs would drown.
//!
//! ```text
//! cargo build --release -p ferrotls-bench --example profile_handshakes
//! valgrind --tool=callgrind --toggle-collect='*Pair*handshake*' \
//!     --toggle-collect='*FerroSetup as ferrotls_bench::run::Setup>::*' \
//!     target/release/examples/profile_handshakes full13-x25519-ecdsa-p-256 ring 10
//! ```
//!
//! The toggles collect what the bench charges to the two sides (connection setup and the
//! handshake). aws-lc-rs seeds its generator on first use: take the difference of two counts
//! (e.g. 20 and 10 handshakes) there.

use ferrotls_bench::endpoint::{Buffers, Pair};
use ferrotls_bench::ferro::{providers, FerroSetup};
use ferrotls_bench::meter::Meter;
use ferrotls_bench::run::Setup;
use ferrotls_bench::scenario::Scenario;

fn main() {
    let usage = "usage: profile_handshakes SCENARIO-ID PROVIDER COUNT (PROVIDER: RustCrypto, ring, aws-lc-rs)";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [scenario, provider, count] = args.as_slice() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let Some(scenario) = Scenario::all().into_iter().find(|s| s.id() == *scenario) else {
        eprintln!("no scenario {scenario}\n{usage}");
        std::process::exit(2);
    };
    let Some((_, provider)) = providers().into_iter().find(|(n, _)| n == provider) else {
        eprintln!("no provider {provider}\n{usage}");
        std::process::exit(2);
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("{usage}");
        std::process::exit(2);
    };
    let meter = Meter::calibrate();
    let mut setup = FerroSetup::new(scenario, &provider);
    let mut buffers = Buffers::default();
    for _ in 0..count {
        let mut pair = Pair::new(&meter, buffers, &mut setup);
        pair.handshake(&meter);
        setup.completed(&*pair.client);
        buffers = pair.into_parts().2;
    }
}
