using System.Text;

namespace Bunsan.Cli.Commands;

/// <summary>`--data` of the verbs that send invocations: @FILE, - for stdin, or the text itself.</summary>
internal static class InvocationData
{
    public const string Description = "Input: @FILE, - for stdin, or the text itself (default: empty)";

    public static byte[] Read(string? data) => data switch
    {
        null => [],
        "-" => ReadStdin(),
        ['@', .. string path] => File.Exists(path) ? File.ReadAllBytes(path)
            : throw new BadInputException("--data", $"file '{path}' does not exist: pass @PATH of an existing file, - for stdin, or the text itself"),
        _ => Encoding.UTF8.GetBytes(data),
    };

    private static byte[] ReadStdin()
    {
        using var buffer = new MemoryStream();
        using Stream stdin = Console.OpenStandardInput();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
