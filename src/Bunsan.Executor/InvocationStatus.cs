namespace Bunsan.Executor;

/// <summary>How an invocation ended. Everything but <see cref="Ok"/> fails that invocation only.</summary>
public enum InvocationStatus
{
    /// <summary>The function returned its output.</summary>
    Ok,

    /// <summary>This site holds no module with that digest.</summary>
    ModuleNotFound,

    /// <summary>The input is over <see cref="ExecutionLimits.MaxInputBytes"/>.</summary>
    InputTooLarge,

    /// <summary>Every instance slot is in use (<see cref="SandboxOptions.MaxConcurrentInstances"/>): try another site.</summary>
    Busy,

    /// <summary>The module could not be instantiated (for example a start function or table too big for the sandbox).</summary>
    BadModule,

    /// <summary>The function trapped: unreachable, division by zero, out-of-bounds access, stack overflow…</summary>
    Trap,

    /// <summary>The function used all its fuel (<see cref="ExecutionLimits.Fuel"/>).</summary>
    CpuLimitExceeded,

    /// <summary>The function needed more memory than <see cref="ExecutionLimits.MemoryBytes"/>.</summary>
    MemoryLimitExceeded,

    /// <summary>The function returned a pointer or length outside its memory, or an output over the limit.</summary>
    AbiViolation,
}
