using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bunsan.Cli;

/// <summary>Process exit codes: the contract scripts rely on.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    /// <summary>A process `bunsan demo` started, ending because the demo has (see <see cref="ParentWatch"/>).</summary>
    public const int ParentGone = 3;
}

/// <summary>
/// Bad input from the user. Verbs throw it while reading their arguments; <see cref="CliContext.Run"/>
/// turns it into exit code 2 and a message that names the field and the fix.
/// </summary>
public sealed class BadInputException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
}

/// <summary>Where verbs write, and the conventions they share (JSON shape, error handling).</summary>
public sealed class CliContext(TextWriter output, TextWriter error)
{
    /// <summary>`--json` on every verb: machine-readable output on stdout, nothing else there.</summary>
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print machine-readable JSON on stdout",
        Recursive = true,
    };

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>True when the terminal is a person (progress goes to stderr only then).</summary>
    public bool ErrorIsTerminal => ReferenceEquals(Error, Console.Error) && !Console.IsErrorRedirected;

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>Runs a verb body, mapping bad input to exit 2 and failures to exit 1 with a one-line reason.</summary>
    public int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (BadInputException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (UnauthorizedAccessException e)
        {
            Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>Reads a file the user named, turning "not there" into bad input that names the option.</summary>
    public static string ReadInputFile(string option, string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException(option, $"file '{path}' does not exist: pass the path of an existing file");
        }
        return File.ReadAllText(path);
    }
}
