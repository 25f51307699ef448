;; echo: returns its input unchanged. The smallest function that follows Bunsan's ABI
;; (src/Bunsan.Executor/README.md): export `memory`, `alloc` and `handle`, import nothing.
(module
  (memory (export "memory") 1)
  ;; Bump allocator: every invocation gets a fresh instance, so nothing is ever freed.
  (global $next (mut i32) (i32.const 1024))

  (func (export "alloc") (param $len i32) (result i32)
    (local $ptr i32)
    (local $end i32)
    (local.set $ptr (global.get $next))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    ;; Grow when the block passes the end of memory; a denied grow (-1) traps.
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq
              (memory.grow (i32.sub
                (i32.div_u (i32.add (local.get $end) (i32.const 65535)) (i32.const 65536))
                (memory.size)))
              (i32.const -1))
          (then unreachable))))
    (global.set $next (local.get $end))
    (local.get $ptr))

  ;; The output is the input itself: (ptr << 32) | len.
  (func (export "handle") (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))
)
