namespace Bunsan.Tests;

/// <summary>
/// Modules that follow the ABI's shape (so they load) but misbehave when run, plus the ABI wrapper
/// they share. Each is as small as the attack it stands for.
/// </summary>
internal static class HostileModules
{
    /// <summary>A conforming module whose <c>handle</c> body is <paramref name="handleBody"/>.</summary>
    public static string WithHandle(string handleBody, string extra = "", int memoryPages = 1, string alloc = "(i32.const 1024)") => $$"""
        (module
          (memory (export "memory") {{memoryPages}})
          (func (export "alloc") (param $len i32) (result i32) {{alloc}})
          (func (export "handle") (param $ptr i32) (param $len i32) (result i64) {{handleBody}})
          {{extra}})
        """;

    public static string InfiniteLoop => WithHandle("(loop $forever (br $forever)) (i64.const 0)");

    /// <summary>Grows memory a page at a time and aborts, as an allocator does, when a grow is refused.</summary>
    public static string MemoryHog => WithHandle("""
        (loop $more
          (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
          (br $more))
        (i64.const 0)
        """);

    /// <summary>Asks for 1,000 pages (62.5 MiB) at instantiation.</summary>
    public static string HugeInitialMemory => WithHandle("(i64.const 0)", memoryPages: 1000);

    /// <summary>Tells the host to write the input at the top of the 4 GiB address space.</summary>
    public static string AllocOutOfBounds => WithHandle("(i64.const 0)", alloc: "(i32.const -16)");

    /// <summary>Claims 1,000 output bytes that start 536 bytes before the end of its 64 KiB memory.</summary>
    public static string OutputPastEnd => WithHandle("(i64.const 0x0000_FDE8_0000_03E8)");

    /// <summary>Pointer 0xFFFFFFFF, length 2: the end wraps to 1 in 32-bit arithmetic.</summary>
    public static string OutputWrapsAround => WithHandle("(i64.const 0xFFFF_FFFF_0000_0002)");

    /// <summary>Claims a 2 GiB output, to make the host copy (or allocate) far more than it may.</summary>
    public static string HugeOutput => WithHandle("(i64.const 0x0000_0000_7FFF_FFFF)");

    public static string StackOverflow => WithHandle(
        "(call $recurse (i32.const 0)) (i64.const 0)",
        "(func $recurse (param i32) (call $recurse (i32.add (local.get 0) (i32.const 1))))");

    public static string DivideByZero => WithHandle("(i64.extend_i32_u (i32.div_u (i32.const 1) (local.get $len)))");

    /// <summary>Spins in its start function, before the host ever calls alloc.</summary>
    public static string SpinningStart => WithHandle("(i64.const 0)", "(func $start (loop $forever (br $forever))) (start $start)");
}
