namespace Bunsan.Cli;

/// <summary>
/// For processes `bunsan demo` starts: they exit when the demo does, however it ends. The demo gives each child a
/// stdin pipe it never writes to and sets <see cref="Variable"/>; when the demo exits — Ctrl-C, a kill, even
/// SIGKILL — the kernel closes the pipe, the child reads end-of-file and exits, so no agent or port is left behind.
/// </summary>
public static class ParentWatch
{
    public const string Variable = "BUNSAN_EXIT_WITH_PARENT";

    /// <summary>Starts the watch when <see cref="Variable"/> is "1"; otherwise does nothing.</summary>
    public static void StartIfAsked()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            return;
        }
        var watch = new Thread(() =>
        {
            using Stream stdin = Console.OpenStandardInput();
            var buffer = new byte[64];
            while (stdin.Read(buffer) > 0)
            {
                // The demo never writes; anything read is ignored.
            }
            Environment.Exit(ExitCodes.ParentGone);
        })
        {
            IsBackground = true,
            Name = "Bunsan parent watch",
        };
        watch.Start();
    }
}
