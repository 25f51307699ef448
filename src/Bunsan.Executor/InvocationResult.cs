namespace Bunsan.Executor;

/// <summary>The outcome of one invocation.</summary>
/// <param name="Status">Ok, or which limit or rule ended it.</param>
/// <param name="Output">The function's output (empty unless <see cref="InvocationStatus.Ok"/>).</param>
/// <param name="Error">Null when Ok; otherwise what happened, with numbers, in one line.</param>
/// <param name="FuelUsed">Instructions executed, instantiation included (0 when no instance was made).</param>
public readonly record struct InvocationResult(InvocationStatus Status, byte[] Output, string? Error, ulong FuelUsed)
{
    public bool Succeeded => Status == InvocationStatus.Ok;

    internal static InvocationResult Failed(InvocationStatus status, string error, ulong fuelUsed = 0) =>
        new(status, [], error, fuelUsed);
}
