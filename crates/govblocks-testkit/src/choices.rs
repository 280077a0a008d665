//! The one input chooser of the structure-aware properties.

/// A stream of choices read from fuzz input: each read takes the next bytes, and once they run
/// out every read returns zero, so the first item of every [`choose`](Choices::choose) list is
/// the default and a short input still builds a complete, typical case.
#[derive(Debug, Clone)]
pub struct Choices<'a>(&'a [u8]);

impl<'a> Choices<'a> {
    /// Choices read from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self(data)
    }

    /// The next byte (zero past the end).
    pub fn u8(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    /// The next two bytes, little-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    /// The next four bytes, little-endian.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    /// The next eight bytes: two [`u32`](Choices::u32), the first the high half.
    pub fn u64(&mut self) -> u64 {
        (u64::from(self.u32()) << 32) | u64::from(self.u32())
    }

    /// The low bit of the next byte.
    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// A number in `lo..=hi` (`lo <= hi`), read from as few bytes as the span needs.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = hi - lo + 1;
        let n = match span {
            0..=256 => u32::from(self.u8()),
            257..=65_536 => u32::from(self.u16()),
            _ => self.u32(),
        };
        lo + n % span
    }

    /// A number in `0..n` from the next byte (`0` when `n` is 0 or 1).
    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.u8()) % n.max(1)
    }

    /// One of `items`; panics on an empty list (a broken generator).
    pub fn choose<T: Clone>(&mut self, items: &[T]) -> T {
        let i = self.below(items.len());
        match items.get(i) {
            Some(item) => item.clone(),
            None => panic!("choose from an empty list"),
        }
    }

    /// One of `options`, or `default` when there are none.
    pub fn pick<T: Copy>(&mut self, options: &[T], default: T) -> T {
        let i = self.below(options.len());
        options.get(i).copied().unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::Choices;

    #[test]
    fn reads_past_the_end_are_zero_and_the_first_item_is_the_default() {
        let mut c = Choices::new(&[3, 0xff]);
        assert_eq!(c.u8(), 3);
        assert_eq!(c.u16(), 0x00ff);
        assert_eq!(c.u64(), 0);
        assert_eq!(c.choose(&["default", "other"]), "default");
        assert_eq!(c.range(5, 9), 5);
        assert_eq!(c.pick::<u8>(&[], 7), 7);
    }
}
