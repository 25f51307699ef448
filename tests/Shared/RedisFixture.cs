using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bunsan.Tests;

/// <summary>
/// A real redis-server (the Debian package) on a free loopback port, nothing persisted, its working directory a temp
/// folder, for the life of a test class or collection. A missing binary fails the test, saying to run ./test.sh.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private static readonly string[] Binaries = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private string _folder = "";
    private Process? _server;

    public int Port { get; private set; }

    /// <summary>HOST:PORT, the form `bunsan up --redis` takes.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    public async ValueTask InitializeAsync()
    {
        string binary = Binaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is missing: run ./test.sh, which installs it, or `apt-get install -y redis-server`");
        _folder = Directory.CreateTempSubdirectory("bunsan-redis-").FullName;
        for (int attempt = 1; ; attempt++)
        {
            Port = LoopbackPorts.Free();
            _server = Process.Start(new ProcessStartInfo(binary)
            {
                ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder },
                WorkingDirectory = _folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("redis-server did not start");
            // Drained so a full pipe never blocks the server.
            _ = _server.StandardOutput.ReadToEndAsync();
            _ = _server.StandardError.ReadToEndAsync();
            if (await AnswersPingAsync())
            {
                return;
            }
            // Most likely the port was taken between picking and binding.
            await StopServerAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Waits (up to 10 s) for "+PONG", or false once the server has exited.</summary>
    private async Task<bool> AnswersPingAsync()
    {
        for (int i = 0; i < 200 && _server is { HasExited: false }; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                NetworkStream stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                byte[] reply = new byte[7];
                int read = await stream.ReadAsync(reply);
                if (Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (SocketException)
            {
            }
            await Task.Delay(50);
        }
        return false;
    }

    private async Task StopServerAsync()
    {
        if (_server is null)
        {
            return;
        }
        if (!_server.HasExited)
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }
        _server.Dispose();
        _server = null;
    }
}
