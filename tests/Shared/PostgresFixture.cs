using System.Diagnostics;

namespace Bunsan.Tests;

/// <summary>
/// A real PostgreSQL 15 (the Debian package's binaries) in a temporary directory on a free loopback port, for the life
/// of a test class or collection. PostgreSQL refuses to run as root, and tests run as root in CI: then initdb and pg_ctl
/// run as the package's unprivileged `postgres` user, on a directory it owns. Missing binaries fail the test (never
/// skip it), saying to run ./test.sh, which installs them.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private string _folder = "";

    /// <summary>The superuser initdb creates; no password (trust authentication, loopback only).</summary>
    public const string User = "bunsan";

    public int Port { get; private set; }

    /// <summary>The server's own "postgres" database as an Npgsql connection string; tests create schemas or databases in it.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database=postgres";

    private string DataDirectory => Path.Combine(_folder, "data");

    public async ValueTask InitializeAsync()
    {
        foreach (string tool in new[] { "initdb", "pg_ctl" })
        {
            if (!File.Exists(Path.Combine(BinDirectory, tool)))
            {
                throw new InvalidOperationException($"{Path.Combine(BinDirectory, tool)} is missing: run ./test.sh, which installs postgresql-15, or `apt-get install -y postgresql-15`");
            }
        }
        _folder = Directory.CreateTempSubdirectory("bunsan-pg-").FullName;
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["postgres:postgres", _folder], asPostgres: false);
        }
        // --no-sync and fsync=off: a test server need not survive a power cut, and fsync would dominate test time.
        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", User, "-E", "UTF8", "--locale=C", "--no-sync"]);
        // The port is free when picked and bound a moment later; another process may take it between, so try a few.
        for (int attempt = 1; ; attempt++)
        {
            Port = LoopbackPorts.Free();
            try
            {
                await StartAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Stops the server and starts it again over the same data, on the same port (a database restart).</summary>
    public async Task RestartAsync()
    {
        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run over.
        }
    }

    private Task StartAsync() => RunAsync(Path.Combine(BinDirectory, "pg_ctl"),
        ["-D", DataDirectory, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
         "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start"]);

    private async Task RunAsync(string program, string[] arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder,
        };
        if (asPostgres && Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            foreach (string argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            string log = Path.Combine(_folder, "server.log");
            string serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}{serverLog}");
        }
    }
}
