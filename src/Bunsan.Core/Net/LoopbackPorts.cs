using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bunsan.Core.Net;

/// <summary>
/// Free loopback TCP ports for servers started a moment later (`bunsan demo`'s processes, test fixtures).
/// Ports are drawn at random from below the kernel's ephemeral range and checked by binding them. Binding port 0
/// would return a port from inside that range, which every outgoing connection on the machine draws its source port
/// from: between the check and the server's bind, one of the demo's own HTTP or gRPC clients can take it (seen: an
/// agent of `bunsan demo` failed with "address already in use" on a port the demo had found free a second earlier).
/// Below the range only a program that binds that exact port can collide.
/// </summary>
public static class LoopbackPorts
{
    /// <summary>The lowest port drawn: above the registered ports most services use.</summary>
    public const int Lowest = 20_000;

    // Where the ephemeral range starts when the platform does not say: IANA's 49152 (Windows and macOS use it).
    private const int IanaEphemeralStart = 49_152;

    private static readonly Lazy<int> EphemeralStart = new(ReadEphemeralStart);

    /// <summary>One free port.</summary>
    public static int Free() => Free(1)[0];

    /// <summary><paramref name="count"/> distinct free ports.</summary>
    public static int[] Free(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int end = EphemeralStart.Value;
        var held = new List<TcpListener>(count);
        try
        {
            // Ranges narrower than this (an unusual kernel setting) fall back to the kernel's choice.
            if (end - Lowest < 1_000)
            {
                for (int i = 0; i < count; i++)
                {
                    held.Add(Bind(0)!);
                }
            }
            else
            {
                for (int attempts = 0; held.Count < count; attempts++)
                {
                    if (attempts > 100 * count)
                    {
                        throw new IOException($"no free loopback port found between {Lowest} and {end} after {attempts} tries");
                    }
                    if (Bind(Random.Shared.Next(Lowest, end)) is { } listener)
                    {
                        held.Add(listener);
                    }
                }
            }
            // All held until all are found, so no port is returned twice.
            return [.. held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }

    private static TcpListener? Bind(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (SocketException) when (port != 0)
        {
            listener.Dispose();
            return null;
        }
    }

    private static int ReadEphemeralStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            string[] parts = File.ReadAllText(RangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 0 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int start) ? start : IanaEphemeralStart;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IanaEphemeralStart;
        }
    }
}
