using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bunsan.Ledger.Notes;

namespace Bunsan.ControlPlane.Tests.Ledger;

/// <summary>What an auditor reads over `/v1/ledger`: the verified checkpoint and the entries as parsed JSON with their bytes.</summary>
internal static class LedgerReader
{
    public static async Task<NoteVerifierKey> Key(HttpClient client, CancellationToken cancel)
    {
        string text = (await client.GetStringAsync("/v1/ledger/key", cancel)).TrimEnd('\n');
        Assert.True(NoteVerifierKey.TryParse(text, out NoteVerifierKey? key, out string? error), error);
        return key!;
    }

    /// <summary>The latest checkpoint, after checking its signature with <paramref name="key"/>.</summary>
    public static async Task<Checkpoint> Checkpoint(HttpClient client, NoteVerifierKey key, CancellationToken cancel)
    {
        string note = await client.GetStringAsync("/v1/ledger/checkpoint", cancel);
        NoteVerification opened = SignedNote.Open(Encoding.UTF8.GetBytes(note), [key]);
        Assert.True(opened.Valid, opened.Reason);
        Assert.True(Bunsan.Ledger.Notes.Checkpoint.TryParse(opened.Text, out Checkpoint? checkpoint, out string? error), error);
        return checkpoint!;
    }

    public static async Task<List<(ulong Index, byte[] Bytes, JsonElement Entry)>> Entries(HttpClient client, ulong from, ulong to, CancellationToken cancel)
    {
        JsonElement page = await client.GetFromJsonAsync<JsonElement>(string.Create(CultureInfo.InvariantCulture, $"/v1/ledger/entries?from={from}&to={to}"), cancel);
        return [.. page.GetProperty("entries").EnumerateArray().Select(e =>
        {
            byte[] bytes = e.GetProperty("entry").GetBytesFromBase64();
            return (e.GetProperty("index").GetUInt64(), bytes, JsonDocument.Parse(bytes).RootElement.Clone());
        })];
    }

    public static async Task<byte[][]> Proof(HttpClient client, string path, CancellationToken cancel)
    {
        JsonElement body = await client.GetFromJsonAsync<JsonElement>(path, cancel);
        return [.. body.GetProperty("proof").EnumerateArray().Select(h => Convert.FromHexString(h.GetString()!))];
    }
}
