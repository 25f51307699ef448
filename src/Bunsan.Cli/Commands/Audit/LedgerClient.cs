using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bunsan.Cli.Commands.Control;
using Bunsan.Ledger.Merkle;
using Bunsan.Ledger.Notes;

namespace Bunsan.Cli.Commands;

/// <summary>
/// Reads `/v1/ledger/*` for the online audit verbs. Everything served is untrusted: a response of the wrong shape
/// is an <see cref="IOException"/> naming what was wrong (exit 1), never a crash, and proofs are checked by the caller.
/// </summary>
internal sealed class LedgerClient : IDisposable
{
    /// <summary>Entries asked for per request: small pages keep each response bounded.</summary>
    public const int Page = 1000;

    private readonly HttpClient _http;

    public LedgerClient(Uri control, string token)
    {
        _http = ControlConnection.CreateHttp(control, token, TimeSpan.FromSeconds(30));
        _http.MaxResponseContentBufferSize = 64 << 20;
    }

    public string Checkpoint() => GetText("v1/ledger/checkpoint");

    /// <summary>The latest checkpoint, parsed but not verified (for listing; `audit verify` checks the signature).</summary>
    public (string Note, Checkpoint Checkpoint) UnverifiedCheckpoint()
    {
        string note = Checkpoint();
        if (!SignedNote.TryParse(Encoding.UTF8.GetBytes(note), out string? text, out _, out string? error)
            || !Ledger.Notes.Checkpoint.TryParse(text, out Checkpoint? checkpoint, out error))
        {
            throw Malformed($"checkpoint: {error}");
        }
        return (note, checkpoint!);
    }

    /// <summary>Entries [from, to) in order, fetched page by page; a server that skips or reorders entries is caught here.</summary>
    public IEnumerable<(ulong Index, byte[] Entry)> Entries(ulong from, ulong to)
    {
        ulong next = from;
        while (next < to)
        {
            ulong end = Math.Min(to, next + Page);
            JsonElement page = GetJson(string.Create(CultureInfo.InvariantCulture, $"v1/ledger/entries?from={next}&to={end}"));
            int served = 0;
            foreach (JsonElement item in Array(page, "entries"))
            {
                if (!item.TryGetProperty("index", out JsonElement index) || !index.TryGetUInt64(out ulong i) || i != next
                    || !item.TryGetProperty("entry", out JsonElement entry) || entry.ValueKind != JsonValueKind.String
                    || !entry.TryGetBytesFromBase64(out byte[]? bytes) || next >= end)
                {
                    throw Malformed($"entries from {next}: expected entry {next} as {{\"index\", \"entry\": base64}}");
                }
                served++;
                yield return (next++, bytes);
            }
            if (served == 0)
            {
                throw Malformed($"entries from {next}: none served although the checkpoint counts {to}");
            }
        }
    }

    public byte[][] InclusionProof(ulong index, ulong size) =>
        Hashes(GetJson(string.Create(CultureInfo.InvariantCulture, $"v1/ledger/proof/inclusion?index={index}&size={size}")), "inclusion proof");

    public byte[][] ConsistencyProof(ulong from, ulong to) =>
        Hashes(GetJson(string.Create(CultureInfo.InvariantCulture, $"v1/ledger/proof/consistency?from={from}&to={to}")), "consistency proof");

    private static byte[][] Hashes(JsonElement body, string what)
    {
        var hashes = new List<byte[]>();
        foreach (JsonElement item in Array(body, "proof"))
        {
            string? hex = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (hex is null || hex.Length != 2 * MerkleHash.Size || !hex.All(char.IsAsciiHexDigit) || hashes.Count >= MerkleVerifier.MaxProofHashes)
            {
                throw Malformed($"{what}: expected at most {MerkleVerifier.MaxProofHashes} hashes of 64 hex digits");
            }
            hashes.Add(Convert.FromHexString(hex));
        }
        return [.. hashes];
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement body, string member) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(member, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : throw Malformed($"expected a JSON object with an array \"{member}\"");

    private JsonElement GetJson(string path)
    {
        string text = GetText(path);
        try
        {
            using JsonDocument json = JsonDocument.Parse(text);
            return json.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Malformed($"{path} did not answer JSON");
        }
    }

    private string GetText(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        HttpResponseMessage response = ControlClient.SendOrExplain(_http, request);
        using (response)
        {
            string text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (response.IsSuccessStatusCode)
            {
                return text;
            }
            string reason = $"HTTP {(int)response.StatusCode} from {path}: {Visible(Reason(text))}";
            throw response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? new BadInputException("--token", reason)
                : new IOException($"the control plane refused a ledger read: {reason}");
        }
    }

    private static string Reason(string body)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("reason", out JsonElement r)
                ? r.ToString()
                : body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    /// <summary>At most 300 characters of the server's reason, control characters made visible (it reaches a terminal).</summary>
    private static string Visible(string text) =>
        string.Concat((text.Length <= 300 ? text : text[..300] + "…").Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static IOException Malformed(string what) => new($"the control plane served a malformed ledger response: {what}");

    public void Dispose() => _http.Dispose();
}
