using System.Security.Cryptography;
using System.Text;

namespace Bunsan.ControlPlane.Jobs;

/// <summary>
/// Job ids: 32 lowercase hex digits (128 bits). A job without an idempotency key gets a random id; a job with one gets
/// the id derived from the key, so every resubmission with that key reaches the same job grain, which alone decides
/// (in one turn) whether the key is new, a replay, or reused for a different body. No separate key index to keep in
/// step with the jobs, and the answer holds across restarts because the grain's state does.
/// </summary>
public static class JobIds
{
    public const int Length = 32;

    public static string NewRandom() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static string FromIdempotencyKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes("bunsan-job-idempotency-key\n" + key));
        return Convert.ToHexStringLower(hash.AsSpan(0, Length / 2));
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a job id (it may still name no job).</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: Length } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
