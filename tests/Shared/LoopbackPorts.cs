using System.Net;
using System.Net.Sockets;

namespace Bunsan.Tests;

/// <summary>Free loopback ports for servers a test starts.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port free right now (bound to 0 and released); the server binds it a moment later.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
