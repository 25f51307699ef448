using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Bunsan.Agent;

/// <summary>Reads a request body into a pooled buffer, refusing bodies over a cap without reading them whole.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body in a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it), or a null buffer when
    /// it is over <paramref name="maxBytes"/>: a declared Content-Length over the cap is refused before reading, a chunked
    /// body as soon as one byte past the cap arrives.
    /// </summary>
    public static async Task<(byte[]? Buffer, int Length)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        long? declared = request.ContentLength;
        if (declared > maxBytes)
        {
            return (null, 0);
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 4096, 1, maxBytes + 1L));
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return (null, 0);
                    }
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(maxBytes + 1L, Math.Max(4096, buffer.Length * 2L)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        if (length > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return (null, 0);
        }
        return (buffer, length);
    }
}
