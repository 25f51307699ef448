namespace Bunsan.Federation.SecureAggregation;

/// <summary>A party's masked vector, or why it refused to mask (then <see cref="Masked"/> is null and nothing was revealed).</summary>
public sealed class MaskResult
{
    private MaskResult(ulong[]? masked, MaskError error, string? message)
    {
        Masked = masked;
        Error = error;
        Message = message;
    }

    /// <summary>The vector to send to the coordinator: each element is uniform modulo 2^64 on its own.</summary>
    public ulong[]? Masked { get; }

    public MaskError Error { get; }

    /// <summary>Names the offending key by index and says what to fix; null on success.</summary>
    public string? Message { get; }

    public bool Succeeded => Error == MaskError.None;

    internal static MaskResult Ok(ulong[] masked) => new(masked, MaskError.None, null);

    internal static MaskResult Refused(MaskError error, string message) => new(null, error, message);
}
