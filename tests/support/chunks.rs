//! How the in-memory pair cuts the byte stream: whole flights, single bytes, or seeded
//! random-sized chunks, so every record and message boundary gets split somewhere.

/// A tiny deterministic generator (SplitMix64): reproducible chunk sizes from a seed, with no
/// dependency. Not for anything secret.
#[derive(Clone, Debug)]
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `1..=max` (`max` at least 1). The modulo bias is irrelevant for chunk sizes.
    pub fn one_to(&mut self, max: usize) -> usize {
        let max = max.max(1) as u64;
        (self.next_u64() % max) as usize + 1
    }
}

/// How bytes travel from one side of the pair to the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Everything one `write_tls` produced, in one `handle_tls` call.
    Flights,
    /// One byte per `handle_tls` call.
    Bytewise,
    /// Chunks of `1..=max_chunk` bytes, sizes drawn from a [`Prng`] seeded with `seed`.
    Random { seed: u64, max_chunk: usize },
}

/// Cuts a flight into the chunk sizes its [`Delivery`] asks for.
#[derive(Clone, Debug)]
pub struct Chunker {
    delivery: Delivery,
    rng: Prng,
}

impl Chunker {
    pub fn new(delivery: Delivery) -> Self {
        let seed = match delivery {
            Delivery::Random { seed, .. } => seed,
            _ => 0,
        };
        Self {
            delivery,
            rng: Prng::new(seed),
        }
    }

    /// The size of the next chunk when `remaining` bytes (at least 1) are left to deliver.
    pub fn next_len(&mut self, remaining: usize) -> usize {
        let len = match self.delivery {
            Delivery::Flights => remaining,
            Delivery::Bytewise => 1,
            Delivery::Random { max_chunk, .. } => self.rng.one_to(max_chunk),
        };
        len.min(remaining)
    }

    /// `data` cut into chunks.
    pub fn split<'a>(&mut self, data: &'a [u8]) -> Vec<&'a [u8]> {
        let mut chunks = Vec::new();
        let mut rest = data;
        while !rest.is_empty() {
            let (chunk, tail) = rest.split_at(self.next_len(rest.len()));
            chunks.push(chunk);
            rest = tail;
        }
        chunks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prng_is_splitmix64() {
        // Reference outputs of SplitMix64 seeded with 0 (Steele, Lea, Flood 2014; the
        // generator Java's SplittableRandom and xoshiro's seeding use).
        let mut rng = Prng::new(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn the_same_seed_gives_the_same_chunks() {
        let data = [7u8; 1000];
        let delivery = Delivery::Random {
            seed: 42,
            max_chunk: 50,
        };
        let a: Vec<usize> = Chunker::new(delivery)
            .split(&data)
            .iter()
            .map(|c| c.len())
            .collect();
        let b: Vec<usize> = Chunker::new(delivery)
            .split(&data)
            .iter()
            .map(|c| c.len())
            .collect();
        assert_eq!(a, b);
        let other = Delivery::Random {
            seed: 43,
            max_chunk: 50,
        };
        let c: Vec<usize> = Chunker::new(other)
            .split(&data)
            .iter()
            .map(|c| c.len())
            .collect();
        assert_ne!(a, c);
    }

    #[test]
    fn random_chunks_cover_the_data_in_order_within_bounds() {
        let data: Vec<u8> = (0..=255).cycle().take(5000).collect();
        let mut chunker = Chunker::new(Delivery::Random {
            seed: 9,
            max_chunk: 37,
        });
        let chunks = chunker.split(&data);
        assert!(chunks.iter().all(|c| (1..=37).contains(&c.len())));
        assert!(chunks.len() > 5000 / 37);
        assert_eq!(chunks.concat(), data);
    }

    #[test]
    fn flights_and_bytes() {
        let data = b"abcdef";
        assert_eq!(Chunker::new(Delivery::Flights).split(data), [&data[..]]);
        let bytes = Chunker::new(Delivery::Bytewise).split(data);
        assert_eq!(bytes.len(), 6);
        assert!(Chunker::new(Delivery::Bytewise).split(b"").is_empty());
    }

    #[test]
    fn one_to_stays_in_range_even_for_degenerate_bounds() {
        let mut rng = Prng::new(1);
        assert!((0..1000).all(|_| (1..=3).contains(&rng.one_to(3))));
        assert_eq!(rng.one_to(0), 1);
    }
}
