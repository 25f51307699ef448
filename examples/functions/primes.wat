;; primes: a CPU-bound kernel. Input: a little-endian u32 N (4 bytes). Output: the number of primes
;; below N as a little-endian u32, counted by trial division, so the work grows as N^1.5 / ln N:
;; N = 100,000 takes 1.3 million divisions. Input other than 4 bytes traps.
(module
  (memory (export "memory") 1)

  ;; The input is 4 bytes and the output reuses them, so one fixed block serves both.
  (func (export "alloc") (param $len i32) (result i32)
    (if (i32.ne (local.get $len) (i32.const 4)) (then unreachable))
    (i32.const 1024))

  (func $is_prime (param $n i32) (result i32)
    (local $d i32)
    (if (i32.lt_u (local.get $n) (i32.const 2)) (then (return (i32.const 0))))
    (if (i32.lt_u (local.get $n) (i32.const 4)) (then (return (i32.const 1))))
    (if (i32.eqz (i32.and (local.get $n) (i32.const 1))) (then (return (i32.const 0))))
    (local.set $d (i32.const 3))
    (block $prime
      (loop $next
        ;; d * d > n, computed in 64 bits so large n cannot overflow it.
        (br_if $prime (i64.gt_u
          (i64.mul (i64.extend_i32_u (local.get $d)) (i64.extend_i32_u (local.get $d)))
          (i64.extend_i32_u (local.get $n))))
        (if (i32.eqz (i32.rem_u (local.get $n) (local.get $d))) (then (return (i32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 2)))
        (br $next)))
    (i32.const 1))

  (func (export "handle") (param $ptr i32) (param $len i32) (result i64)
    (local $limit i32)
    (local $n i32)
    (local $count i32)
    (local.set $limit (i32.load (local.get $ptr)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $n) (local.get $limit)))
        (local.set $count (i32.add (local.get $count) (call $is_prime (local.get $n))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (i32.store (local.get $ptr) (local.get $count))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32)) (i64.const 4)))
)
