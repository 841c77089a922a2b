//! The module's memory allocator: blocks in power-of-two size classes, each class a list of
//! free blocks, new blocks cut from the top of the heap, which grows in whole wasm pages.
//!
//! It replaces std's dlmalloc because it is a fraction of its code (the download is about
//! 2.2 KB smaller gzipped) and no slower: allocating and freeing are a pop and a push. A block
//! never merges with its neighbours again, but a request the top of the heap cannot meet is cut
//! from the smallest larger free block before the heap grows, so memory freed in one size class
//! serves the others. Wasm memory never shrinks, with any allocator. The module is
//! single-threaded (no shared memory), so the state needs no lock.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;
use std::ptr::null_mut;

/// The smallest block: room for the free list's link, and 16-byte alignment for every block.
const MIN_CLASS: usize = 4;
/// Size classes up to 2^31 bytes, more than a wasm32 memory holds.
const CLASSES: usize = 32;
const PAGE: usize = 65536;

/// The free lists and the unused top of the heap.
struct Heap {
    /// The first free block of each class (0: none); each free block starts with the address
    /// of the next one.
    free: [usize; CLASSES],
    /// Where the unused top of the heap starts and ends.
    top: usize,
    end: usize,
}

/// The allocator; see the module documentation.
pub struct Allocator(UnsafeCell<Heap>);

// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread, so the heap is
// never used from two threads.
unsafe impl Sync for Allocator {}

impl Allocator {
    /// An allocator with an empty heap.
    pub const fn new() -> Self {
        Allocator(UnsafeCell::new(Heap {
            free: [0; CLASSES],
            top: 0,
            end: 0,
        }))
    }
}

/// The size class of a layout: blocks of 2^class bytes, aligned to 16 bytes at least.
fn class_of(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    size.next_power_of_two().trailing_zeros() as usize
}

impl Heap {
    /// A block of class `class` aligned to `align`, or null when memory is exhausted.
    unsafe fn alloc(&mut self, class: usize, align: usize) -> *mut u8 {
        if class >= CLASSES {
            return null_mut();
        }
        let head = self.free[class];
        if head != 0 && head & (align - 1) == 0 {
            self.free[class] = *(head as *const usize);
            return head as *mut u8;
        }
        let size = 1 << class;
        let start = (self.top + align - 1) & !(align - 1);
        if start.checked_add(size).is_some_and(|end| end <= self.end) {
            self.top = start + size;
            return start as *mut u8;
        }
        // The smallest larger free block: its first part is the block, each further part of
        // 2^class, 2^(class+1), ... bytes goes to the free list of its size.
        if let Some(larger) = (class + 1..CLASSES).find(|&c| {
            let b = self.free[c];
            b != 0 && b & (align - 1) == 0
        }) {
            let block = self.free[larger];
            self.free[larger] = *(block as *const usize);
            for c in class..larger {
                self.release(block + (1 << c), c);
            }
            return block as *mut u8;
        }
        self.grow(start + size)
            .map_or(null_mut(), |()| self.alloc(class, align))
    }

    /// Grows the heap until it ends at `end` or later; the first growth starts it at the
    /// memory's end.
    fn grow(&mut self, end: usize) -> Option<()> {
        if self.end == 0 {
            let memory_end = core::arch::wasm32::memory_size::<0>() * PAGE;
            self.top = memory_end;
            self.end = memory_end;
            return Some(());
        }
        let pages = end.checked_sub(self.end)?.div_ceil(PAGE);
        let old_end = core::arch::wasm32::memory_grow::<0>(pages).checked_mul(PAGE)?;
        // Memory grown by other code in between is not the heap's.
        if old_end != self.end {
            self.top = old_end;
        }
        self.end = old_end + pages * PAGE;
        Some(())
    }

    /// Puts a block of class `class` on its free list.
    unsafe fn release(&mut self, block: usize, class: usize) {
        *(block as *mut usize) = self.free[class];
        self.free[class] = block;
    }
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).alloc(class_of(&layout), layout.align().max(1 << MIN_CLASS))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).release(ptr as usize, class_of(&layout));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class_of(&new) == class_of(&layout) {
            return ptr;
        }
        let moved = self.alloc(new);
        if !moved.is_null() {
            std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn blocks_are_aligned_apart_and_reused_once_freed() {
        let heap = Allocator::new();
        unsafe {
            let sizes = [1, 15, 16, 17, 100, 4096, 70_000];
            let blocks: Vec<*mut u8> = sizes.iter().map(|&n| heap.alloc(layout(n, 1))).collect();
            for (i, (&block, &n)) in blocks.iter().zip(&sizes).enumerate() {
                assert_eq!(block as usize % 16, 0, "block {i} is 16-byte aligned");
                std::ptr::write_bytes(block, i as u8, n);
            }
            for (i, (&block, &n)) in blocks.iter().zip(&sizes).enumerate() {
                let bytes = std::slice::from_raw_parts(block, n);
                assert!(
                    bytes.iter().all(|&b| b == i as u8),
                    "block {i} kept its bytes"
                );
            }
            heap.dealloc(blocks[4], layout(100, 1));
            // The same class (128 bytes) gets the freed block back.
            assert_eq!(heap.alloc(layout(120, 8)), blocks[4]);

            let wide = heap.alloc(layout(24, 64));
            assert_eq!(wide as usize % 64, 0);
        }
    }

    #[test]
    fn a_freed_large_block_serves_smaller_requests_before_the_heap_grows() {
        let heap = Allocator::new();
        unsafe {
            let large = heap.alloc(layout(1 << 20, 16));
            // Use up the top of the heap, so that the next requests cannot come from it.
            let heap_state = &mut *heap.0.get();
            heap_state.top = heap_state.end;
            heap.dealloc(large, layout(1 << 20, 16));
            let pages = core::arch::wasm32::memory_size::<0>();
            let small = heap.alloc(layout(1000, 8));
            assert_eq!(small, large, "cut from the start of the freed block");
            let next = heap.alloc(layout(1000, 8));
            assert_eq!(
                next as usize,
                large as usize + 1024,
                "the rest went to the free lists"
            );
            let half = heap.alloc(layout(1 << 19, 16));
            assert_eq!(half as usize, large as usize + (1 << 19));
            assert_eq!(
                core::arch::wasm32::memory_size::<0>(),
                pages,
                "the heap did not grow"
            );
        }
    }

    #[test]
    fn realloc_keeps_the_block_within_its_class_and_the_contents_across_classes() {
        let heap = Allocator::new();
        unsafe {
            let block = heap.alloc(layout(40, 8));
            std::ptr::write_bytes(block, 7, 40);
            assert_eq!(heap.realloc(block, layout(40, 8), 64), block);
            let moved = heap.realloc(block, layout(64, 8), 1000);
            assert_ne!(moved, block);
            assert!(std::slice::from_raw_parts(moved, 40)
                .iter()
                .all(|&b| b == 7));
        }
    }
}
