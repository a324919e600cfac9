//! Generated flags: a deterministic, valid GIF89a per country code, sized like the real ones.
//!
//! Each picture is two to four stripes with a noisy "coat of arms" in the middle. Stripes
//! compress to almost nothing; the emblem's area sets the file size, chosen so that the 194
//! sizes spread like the book's real flags (about 1.2 KB to 36 KB, median about 10 KB).

use std::sync::OnceLock;

use flags_common::COUNTRIES;

/// Colours seen on real flags: the stripes pick from these.
const FLAG_COLOURS: [[u8; 3]; 10] = [
    [206, 17, 38],   // red
    [255, 255, 255], // white
    [0, 56, 168],    // blue
    [0, 122, 61],    // green
    [252, 209, 22],  // yellow
    [0, 0, 0],       // black
    [255, 130, 0],   // orange
    [117, 170, 219], // sky blue
    [128, 0, 32],    // maroon
    [0, 150, 160],   // teal
];

/// Quantiles of the real flags' sizes in bytes: (share of flags, size).
const SIZE_QUANTILES: [(f64, f64); 7] = [
    (0.0, 1_200.0),
    (0.10, 3_900.0),
    (0.25, 5_400.0),
    (0.50, 9_900.0),
    (0.75, 16_600.0),
    (0.90, 24_300.0),
    (1.0, 36_300.0),
];

/// The GIF of country `cc` (any case): the same bytes on every run and every machine.
pub fn flag_gif(cc: &str) -> Vec<u8> {
    let cc = cc.to_ascii_uppercase();
    let h = hash(cc.as_bytes());
    let width: u16 = 360 + (h % 5) as u16 * 30;
    let height: u16 = width * (50 + ((h >> 8) % 20) as u16) / 100;
    let (w, ht) = (usize::from(width), usize::from(height));

    // Palette: 8 stripe colours (indices 0..8), then 8 emblem colours (8..16).
    let mut palette = Vec::with_capacity(16 * 3);
    let mut rng = fastrand::Rng::with_seed(h);
    for _ in 0..8 {
        palette.extend_from_slice(&FLAG_COLOURS[rng.usize(..FLAG_COLOURS.len())]);
    }
    for _ in 0..8 {
        palette.extend_from_slice(&[rng.u8(..), rng.u8(..), rng.u8(..)]);
    }

    let stripes = 2 + (h >> 16) as usize % 3;
    let horizontal = (h >> 20) & 1 == 0;
    let mut pixels = vec![0u8; w * ht];
    for (i, px) in pixels.iter_mut().enumerate() {
        let (x, y) = (i % w, i / w);
        let band = if horizontal {
            y * stripes / ht
        } else {
            x * stripes / w
        };
        *px = band as u8;
    }

    // The emblem: a centred rectangle of seeded noise, its area set by what the target
    // size leaves once the stripes (encoded alone first, which is quick) are paid for.
    let stripes_bytes = encode(width, height, &palette, &pixels).len() as f64;
    let area = (target_size(&cc) - stripes_bytes).max(0.0) / emblem_bytes_per_pixel();
    let scale = (area / (w * ht) as f64).sqrt().min(0.9);
    let (ew, eh) = ((w as f64 * scale) as usize, (ht as f64 * scale) as usize);
    let (x0, y0) = ((w - ew) / 2, (ht - eh) / 2);
    for y in y0..y0 + eh {
        for px in &mut pixels[y * w + x0..y * w + x0 + ew] {
            *px = 8 + rng.u8(..8);
        }
    }
    encode(width, height, &palette, &pixels)
}

/// What one emblem pixel costs once compressed, measured once per process on a sample.
fn emblem_bytes_per_pixel() -> f64 {
    static COST: OnceLock<f64> = OnceLock::new();
    *COST.get_or_init(|| {
        let side = 200u16;
        let mut rng = fastrand::Rng::with_seed(42);
        let noise: Vec<u8> = (0..usize::from(side) * usize::from(side))
            .map(|_| 8 + rng.u8(..8))
            .collect();
        let palette: Vec<u8> = (0..48).collect();
        encode(side, side, &palette, &noise).len() as f64 / noise.len() as f64
    })
}

/// The size this code's flag should have: codes are ranked by hash and the ranks spread
/// over the real quantiles, so the 194 sizes follow the real distribution.
fn target_size(cc: &str) -> f64 {
    static RANKS: OnceLock<Vec<(u64, &'static str)>> = OnceLock::new();
    let ranks = RANKS.get_or_init(|| {
        let mut ranks: Vec<_> = COUNTRIES
            .iter()
            .map(|c| (hash(c.iso_cc.as_bytes()), c.iso_cc))
            .collect();
        ranks.sort();
        ranks
    });
    let share = match ranks.iter().position(|(_, code)| *code == cc) {
        Some(rank) => (rank as f64 + 0.5) / ranks.len() as f64,
        None => (hash(cc.as_bytes()) % 1000) as f64 / 1000.0, // a code outside the real set
    };
    let pair = SIZE_QUANTILES
        .windows(2)
        .find(|pair| share <= pair[1].0)
        .unwrap_or(&SIZE_QUANTILES[5..]);
    let ((p0, s0), (p1, s1)) = (pair[0], pair[1]);
    let t = (share - p0) / (p1 - p0);
    (s0.ln() + t * (s1.ln() - s0.ln())).exp() // log-linear between quantiles
}

fn encode(width: u16, height: u16, palette: &[u8], pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut out, width, height, palette)
            .expect("writing to a Vec cannot fail");
        let frame = gif::Frame::from_indexed_pixels(width, height, pixels.to_vec(), None);
        encoder
            .write_frame(&frame)
            .expect("writing to a Vec cannot fail");
    }
    out
}

/// FNV-1a, then a splitmix64 finaliser: a stable hash (std's may change between releases,
/// and the data set must not).
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (u16, u16) {
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::Indexed);
        let mut decoder = options.read_info(bytes).expect("a valid GIF");
        let frame = decoder
            .read_next_frame()
            .expect("a valid frame")
            .expect("one frame");
        (frame.width, frame.height)
    }

    #[test]
    fn every_flag_is_a_valid_gif89a_and_the_same_each_time() {
        for c in COUNTRIES.iter().step_by(13) {
            let gif = flag_gif(c.iso_cc);
            assert_eq!(&gif[..6], b"GIF89a", "{}", c.iso_cc);
            let (w, h) = decode(&gif);
            assert!(
                (360..=480).contains(&w) && h >= w / 2,
                "{}: {w}x{h}",
                c.iso_cc
            );
            assert_eq!(gif, flag_gif(c.iso_cc), "deterministic");
        }
        assert_ne!(flag_gif("BR"), flag_gif("AR"));
    }

    #[test]
    fn sizes_spread_like_the_real_flags() {
        let mut sizes: Vec<usize> = COUNTRIES.iter().map(|c| flag_gif(c.iso_cc).len()).collect();
        sizes.sort();
        let (min, median, max) = (sizes[0], sizes[sizes.len() / 2], sizes[sizes.len() - 1]);
        assert!((800..=2_000).contains(&min), "min {min}");
        assert!((7_000..=13_000).contains(&median), "median {median}");
        assert!((28_000..=45_000).contains(&max), "max {max}");
    }
}
