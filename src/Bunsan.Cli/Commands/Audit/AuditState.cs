using System.Text.Json;

namespace Bunsan.Cli.Commands;

/// <summary>The last checkpoint this client verified, per log origin: what the next `audit verify` must extend.</summary>
public sealed record SeenCheckpoint(ulong Size, string RootHex, DateTimeOffset VerifiedAt);

/// <summary>
/// `bunsan audit verify`'s memory (default ~/.bunsan/audit-state.json, or --state FILE): one
/// <see cref="SeenCheckpoint"/> per origin. Written only after a verification passed, by a write to a temporary
/// file and a rename, so an interrupted run never leaves a half-written state that would trust nothing (or anything).
/// </summary>
internal static class AuditState
{
    public const string DefaultFileName = "audit-state.json";

    /// <summary>The state is a few hundred bytes per log; a file this large is not one.</summary>
    private const int MaxBytes = 1 << 20;

    public static Dictionary<string, SeenCheckpoint> Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return new Dictionary<string, SeenCheckpoint>(StringComparer.Ordinal);
        }
        if (file.Length > MaxBytes)
        {
            throw Bad(path, $"is {file.Length} bytes, more than any audit state");
        }
        Dictionary<string, SeenCheckpoint>? logs;
        try
        {
            logs = JsonSerializer.Deserialize<Dictionary<string, SeenCheckpoint>>(File.ReadAllText(path), CliContext.JsonOptions);
        }
        catch (JsonException e)
        {
            throw Bad(path, $"is not an audit state ({e.Message})");
        }
        if (logs is null || logs.Values.Any(seen => seen is null || seen.RootHex is null || seen.RootHex.Length != 64 || !seen.RootHex.All(char.IsAsciiHexDigit)))
        {
            throw Bad(path, "holds a checkpoint without a 64-hex-digit root_hex");
        }
        return new Dictionary<string, SeenCheckpoint>(logs, StringComparer.Ordinal);
    }

    public static void Save(string path, Dictionary<string, SeenCheckpoint> logs)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(logs, CliContext.JsonOptions));
        File.Move(temporary, full, overwrite: true);
    }

    private static BadInputException Bad(string path, string problem) =>
        new("--state", $"file '{AuditInputs.Shorten(path)}' {problem}: fix it, or point --state at a new file (the next verify then trusts the log's current checkpoint on first use)");
}
