;; threshold: a sensor alert check. Input: little-endian f32 values, the threshold first, then the
;; readings. Output (ASCII): "alert N" when N readings exceed the threshold, "ok" when none does,
;; "error: need a threshold and readings as f32" when the input is not 4-byte values or has no threshold.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (data (i32.const 0) "ok")
  (data (i32.const 16) "alert ")
  (data (i32.const 32) "error: need a threshold and readings as f32")

  (func (export "alloc") (param $len i32) (result i32)
    (local $ptr i32)
    (local $end i32)
    (local.set $ptr (global.get $next))
    ;; 16 spare bytes after the input hold the "alert N" reply.
    (local.set $end (i32.add (i32.add (local.get $ptr) (local.get $len)) (i32.const 16)))
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

  (func $reply (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  (func (export "handle") (param $ptr i32) (param $len i32) (result i64)
    (local $threshold f32)
    (local $at i32)
    (local $end i32)
    (local $count i32)
    (local $out i32)
    (local $digits i32)
    (if (i32.or (i32.lt_u (local.get $len) (i32.const 4)) (i32.and (local.get $len) (i32.const 3)))
      (then (return (call $reply (i32.const 32) (i32.const 43)))))
    (local.set $threshold (f32.load (local.get $ptr)))
    (local.set $at (i32.add (local.get $ptr) (i32.const 4)))
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (if (f32.gt (f32.load (local.get $at)) (local.get $threshold))
          (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $next)))
    (if (i32.eqz (local.get $count))
      (then (return (call $reply (i32.const 0) (i32.const 2)))))
    ;; "alert " then the count in decimal, written after the input (alloc reserved 16 bytes there).
    (local.set $out (local.get $end))
    (memory.copy (local.get $out) (i32.const 16) (i32.const 6))
    (local.set $digits (i32.const 1))
    (local.set $at (local.get $count))
    (block $counted
      (loop $more
        (local.set $at (i32.div_u (local.get $at) (i32.const 10)))
        (br_if $counted (i32.eqz (local.get $at)))
        (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
        (br $more)))
    (local.set $at (i32.add (i32.add (local.get $out) (i32.const 6)) (local.get $digits)))
    (loop $write
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $count) (i32.const 10))))
      (local.set $count (i32.div_u (local.get $count) (i32.const 10)))
      (br_if $write (i32.ne (local.get $count) (i32.const 0))))
    (call $reply (local.get $out) (i32.add (i32.const 6) (local.get $digits))))
)
