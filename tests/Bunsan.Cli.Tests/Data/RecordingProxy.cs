using System.Net;
using System.Net.Sockets;

namespace Bunsan.Cli.Tests.Data;

/// <summary>
/// A TCP relay on loopback that keeps every byte it carries, both ways: put between the control plane and an agent, it
/// shows exactly what crossed between them (the test's wiretap; nothing else is emulated).
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _carried = new();
    private readonly Lock _gate = new();
    private readonly Task _accepting;

    public RecordingProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Everything carried so far, both directions in arrival order.</summary>
    public byte[] Carried()
    {
        lock (_gate)
        {
            return _carried.ToArray();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                Task up = PumpAsync(client.GetStream(), server.GetStream());
                Task down = PumpAsync(server.GetStream(), client.GetStream());
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // One side went away; the other follows when the sockets close.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        byte[] buffer = new byte[16 << 10];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            lock (_gate)
            {
                _carried.Write(buffer, 0, read);
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    /// <summary>Stops relaying (the site looks cut off from then on); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        // ToArray still works on a disposed MemoryStream: what was carried stays readable.
        _carried.Dispose();
    }
}
