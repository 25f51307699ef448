using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bunsan.ControlPlane.Api;

/// <summary>Reads request bodies with a size limit, turning every malformed body into a reason instead of an exception.</summary>
public static class ApiBody
{
    /// <summary>JSON bodies are small documents; 64 KiB is far above any real one.</summary>
    public const int MaxJsonBytes = 64 << 10;

    /// <summary>The body's bytes, or null when it is over <paramref name="maxBytes"/> (the caller answers 413).</summary>
    public static async Task<byte[]?> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        while (true)
        {
            Memory<byte> chunk = buffer.GetMemory(16 << 10);
            int read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }

    /// <summary>The body as <typeparamref name="T"/>, or a reason naming what is wrong with it.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        byte[]? bytes = await ReadBytesAsync(request, MaxJsonBytes, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, ApiErrors.Problem(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"the JSON body is over {MaxJsonBytes:N0} bytes: send a smaller document"));
        }
        try
        {
            T? value = JsonSerializer.Deserialize<T>(bytes, ApiJson.Options);
            return value is null
                ? (null, ApiErrors.BadRequest("the body is empty or null: send a JSON object"))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.BadRequest($"the body is not valid JSON for this call ({e.Message}): send a JSON object with the documented fields"));
        }
    }
}
