using Wasmtime;

namespace Bunsan.Executor;

/// <summary>Turns Wasmtime's multi-line errors (backtrace, then "Caused by:") into one readable line.</summary>
internal static class WasmtimeErrors
{
    /// <summary>The root cause: the last non-empty line of the message, trimmed.</summary>
    public static string Cause(WasmtimeException exception)
    {
        ReadOnlySpan<char> message = exception.Message.AsSpan().TrimEnd();
        int lastBreak = message.LastIndexOf('\n');
        return message[(lastBreak + 1)..].Trim().ToString();
    }
}
