using System.Text.Json;

namespace Bunsan.Cli.Commands.Data;

/// <summary>Reads a usage-policy file: it must be one JSON object; the control plane checks the ODRL profile itself.</summary>
internal static class PolicyFile
{
    /// <summary>Policies are small documents; the control plane refuses bodies over 64 KiB anyway.</summary>
    private const long MaxBytes = 64 << 10;

    public static JsonElement Read(string option, string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException(option, $"file '{path}' does not exist: pass the path of a JSON-LD usage policy");
        }
        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new BadInputException(option, $"'{path}' is over {MaxBytes:N0} bytes: a usage policy is a small JSON-LD document");
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new BadInputException(option, $"'{path}' holds a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object: a usage policy is one ODRL JSON-LD object");
        }
        catch (JsonException e)
        {
            throw new BadInputException(option, $"'{path}' is not JSON ({e.Message}): write the policy as ODRL 2.2 JSON-LD");
        }
    }
}
