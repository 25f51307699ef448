namespace Bunsan.Ledger.Merkle;

/// <summary>
/// The outcome of checking a proof or a signature: a bad proof is an expected outcome, so it is a value with a
/// reason a person can act on, not an exception.
/// </summary>
public readonly record struct ProofResult(bool Valid, string? Reason)
{
    public static ProofResult Ok { get; } = new(true, null);

    public static ProofResult Fail(string reason) => new(false, reason);
}
